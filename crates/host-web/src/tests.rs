//! End-to-end tests of the engine natively (std clocks): the same requests the worker sends,
//! driven by a loop standing in for the worker's event loop.

use crate::OutMsg;
use crate::engine::Engine;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wosix_runtime::StdHost;

struct Driver {
    e: Engine,
    next_id: u64,
    events: Vec<(Value, Option<Vec<u8>>)>,
}

impl Driver {
    fn boot() -> Driver {
        Driver {
            e: Engine::boot(Arc::new(StdHost::new()), "project").expect("boots"),
            next_id: 0,
            events: Vec::new(),
        }
    }

    fn pump(&mut self) -> Vec<(Value, Option<Vec<u8>>)> {
        self.e.run();
        let mut out = Vec::new();
        while let Some(OutMsg { json, data }) = self.e.take() {
            out.push((serde_json::from_str(&json).expect("json"), data));
        }
        out
    }

    /// Send a request and drive the machine until its reply; events are kept.
    fn call(
        &mut self,
        mut req: Value,
        data: Option<Vec<u8>>,
    ) -> (Result<Value, Value>, Option<Vec<u8>>) {
        self.next_id += 1;
        let id = self.next_id;
        req["id"] = json!(id);
        self.e.request(&req.to_string(), data);
        let t0 = Instant::now();
        let mut reply = None;
        loop {
            for (v, d) in self.pump() {
                if v.get("re") == Some(&json!(id)) {
                    reply = Some(match v.get("err") {
                        Some(e) => (Err(e.clone()), d),
                        None => (Ok(v["ok"].clone()), d),
                    });
                } else {
                    self.events.push((v, d));
                }
            }
            if let Some(r) = reply {
                return r;
            }
            assert!(t0.elapsed() < Duration::from_secs(20), "no reply to {req}");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Run a command with pipes; returns (stdout, stderr, exit code).
    fn run(&mut self, command: &str, args: &[&str]) -> (String, String, i64) {
        let (r, _) = self.call(
            json!({"op": "spawn", "command": command, "args": args}),
            None,
        );
        let pid = r.expect("spawned")["pid"].clone();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let t0 = Instant::now();
        loop {
            let mut evs = std::mem::take(&mut self.events);
            evs.extend(self.pump());
            for (v, d) in evs {
                if v["pid"] != pid {
                    self.events.push((v, d));
                    continue;
                }
                match v["ev"].as_str() {
                    Some("out") if v["fd"] == 1 => out.extend(d.unwrap_or_default()),
                    Some("out") => err.extend(d.unwrap_or_default()),
                    Some("exit") => {
                        let s = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
                        return (s(out), s(err), v["code"].as_i64().unwrap_or(-1));
                    }
                    _ => {}
                }
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "{command} did not exit"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

#[test]
fn echo_and_exit_codes() {
    let mut d = Driver::boot();
    assert_eq!(d.run("echo", &["hi"]), ("hi\n".into(), String::new(), 0));
    assert_eq!(
        d.run("sh", &["-c", "echo out; echo err >&2; exit 3"]),
        ("out\n".into(), "err\n".into(), 3)
    );
    let (_, err, code) = d.run("no-such-command", &[]);
    assert_eq!(code, 127);
    assert!(err.contains("no-such-command"), "{err}");
    assert_eq!(d.run("pwd", &[]).0, "/home/project\n");
    assert_eq!(
        d.run("sh", &["-c", "id -un; echo $HOME"]).0,
        "user\n/home/project\n"
    );
}

#[test]
fn files_through_the_api() {
    let mut d = Driver::boot();
    let (r, _) = d.call(
        json!({"op": "writeFile", "path": "/a.txt"}),
        Some(b"hello\n".to_vec()),
    );
    r.expect("written");
    let (r, data) = d.call(json!({"op": "readFile", "path": "a.txt"}), None);
    r.expect("read");
    assert_eq!(data.as_deref(), Some(&b"hello\n"[..]));
    assert_eq!(d.run("cat", &["a.txt"]).0, "hello\n");
    let (r, _) = d.call(json!({"op": "readFile", "path": "/missing"}), None);
    let e = r.expect_err("missing");
    assert_eq!(e["code"], "ENOENT");
    assert_eq!(
        e["message"],
        "ENOENT: no such file or directory, open '/home/project/missing'"
    );
    let (r, _) = d.call(
        json!({"op": "mkdir", "path": "x/y/z", "recursive": true}),
        None,
    );
    assert_eq!(r.expect("mkdir")["first"], "/home/project/x");
    let (r, _) = d.call(json!({"op": "mkdir", "path": "x"}), None);
    assert_eq!(r.expect_err("exists")["code"], "EEXIST");
    let (r, _) = d.call(json!({"op": "readdir", "path": "/"}), None);
    assert_eq!(
        r.expect("readdir")["entries"],
        json!([["a.txt", 1], ["x", 2]])
    );
    let (r, _) = d.call(json!({"op": "rm", "path": "x"}), None);
    assert_eq!(r.expect_err("dir")["code"], "ERR_FS_EISDIR");
    d.call(json!({"op": "rm", "path": "x", "recursive": true}), None)
        .0
        .expect("rm -r");
    d.call(json!({"op": "rm", "path": "x", "force": true}), None)
        .0
        .expect("rm -f");
    d.call(
        json!({"op": "rename", "from": "a.txt", "to": "b.txt"}),
        None,
    )
    .0
    .expect("rename");
    let (r, _) = d.call(
        json!({"op": "rename", "from": "a.txt", "to": "c.txt"}),
        None,
    );
    assert_eq!(
        r.expect_err("gone")["message"],
        "ENOENT: no such file or directory, rename '/home/project/a.txt' -> '/home/project/c.txt'"
    );
    let (out, _, _) = d.run("ls", &["-l", "b.txt"]);
    assert!(out.contains("user") && out.contains("b.txt"), "{out}");
}

#[test]
fn mount_export_round_trip_and_watch() {
    let mut d = Driver::boot();
    let tree = br#"{"d":{"src":{"d":{"main.js":{"f":{"c":"console.log(1)"}}}},"bin":{"f":{"c":"AP8=","b":true}},"link":{"f":{"l":"src/main.js"}}}}"#;
    d.call(json!({"op": "mount"}), Some(tree.to_vec()))
        .0
        .expect("mount");
    assert_eq!(d.run("cat", &["link"]).0, "console.log(1)");
    let (r, data) = d.call(
        json!({"op": "export", "path": "/", "format": "binary"}),
        None,
    );
    r.expect("export");
    d.call(json!({"op": "mount", "mountPoint": "copy"}), data)
        .0
        .expect("mount snapshot");
    assert_eq!(
        d.run("sh", &["-c", "wc -c < copy/bin; readlink copy/link"])
            .0,
        "2\nsrc/main.js\n"
    );
    let (r, data) = d.call(
        json!({"op": "export", "path": "src", "excludes": ["*.js"]}),
        None,
    );
    r.expect("json export");
    assert_eq!(
        serde_json::from_slice::<Value>(&data.unwrap_or_default()).expect("json"),
        json!({"d": {}})
    );
    d.call(
        json!({"op": "watch", "wid": 1, "path": "/", "recursive": false}),
        None,
    )
    .0
    .expect("watch");
    d.run("sh", &["-c", "echo x > new.txt"]);
    d.call(json!({"op": "scan"}), None).0.expect("scan");
    let evs: Vec<Value> = d
        .events
        .iter()
        .filter(|(v, _)| v["ev"] == "watch")
        .map(|(v, _)| v.clone())
        .collect();
    assert_eq!(
        evs,
        vec![json!({"ev": "watch", "wid": 1, "event": "rename", "filename": "new.txt"})]
    );
    // A periodic scan of an unchanged tree is skipped; any change makes the next one run.
    d.call(json!({"op": "scan"}), None).0.expect("scan");
    let before = d.e.scans();
    d.call(json!({"op": "scan"}), None).0.expect("scan");
    d.run("cat", &["new.txt"]);
    d.call(json!({"op": "scan"}), None).0.expect("scan");
    assert_eq!(d.e.scans(), before, "nothing changed: no scan");
    d.run("sh", &["-c", "echo y >> new.txt"]);
    d.call(json!({"op": "scan"}), None).0.expect("scan");
    assert_eq!(d.e.scans(), before + 1);
    assert!(
        d.events.iter().any(|(v, _)| v
            == &json!({"ev": "watch", "wid": 1, "event": "change", "filename": "new.txt"}))
    );
}

#[test]
fn xdg_open_emits_an_event() {
    let mut d = Driver::boot();
    assert_eq!(d.run("xdg-open", &["https://example.com"]).2, 0);
    assert!(
        d.events
            .iter()
            .any(|(v, _)| v == &json!({"ev": "xdg-open", "text": "https://example.com"}))
    );
}

#[test]
fn listening_on_a_port_emits_port_events() {
    let mut d = Driver::boot();
    let (out, err, code) = d.run(
        "sh",
        &[
            "-c",
            "nc -l 3000 > got & sleep 0.1; echo hi | nc localhost 3000; wait; cat got",
        ],
    );
    assert_eq!((out.as_str(), err.as_str(), code), ("hi\n", "", 0));
    let ports: Vec<&Value> = d
        .events
        .iter()
        .filter(|(v, _)| v["ev"] == "port")
        .map(|(v, _)| v)
        .collect();
    assert_eq!(
        ports,
        [
            &json!({"ev": "port", "port": 3000, "type": "open"}),
            &json!({"ev": "port", "port": 3000, "type": "close"})
        ]
    );
}
