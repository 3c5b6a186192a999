//! The wasm-bindgen surface the worker script uses: the `WosixKernel` class (boot, request,
//! run, next message) and the web [`Host`]: `performance.now()` for the monotonic clock,
//! `Date.now()` for the real-time clock, `crypto.getRandomValues` for entropy — all present in
//! browsers' workers and in Node.js worker threads alike.

use crate::engine::{Engine, PATH};
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wosix_runtime::Host;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn perf_now() -> f64;
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buf: &mut [u8]);
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(s: &str);
}

/// Clocks and entropy of a browser (or Node.js) worker.
struct WebHost;

impl Host for WebHost {
    fn monotonic_ns(&self) -> u64 {
        (perf_now() * 1e6) as u64
    }
    fn realtime_ns(&self) -> u64 {
        (date_now() * 1e6) as u64
    }
    fn entropy(&self, buf: &mut [u8]) {
        // getRandomValues fills at most 65536 bytes per call.
        for chunk in buf.chunks_mut(65536) {
            get_random_values(chunk);
        }
    }
}

/// One message for the page: `json` text and an optional byte payload.
#[wasm_bindgen]
pub struct Message {
    json: String,
    data: Option<Vec<u8>>,
}

#[wasm_bindgen]
impl Message {
    /// The JSON text.
    #[wasm_bindgen(getter)]
    pub fn json(&self) -> String {
        self.json.clone()
    }
    /// The payload (taken: a second call returns undefined).
    #[wasm_bindgen(js_name = takeData)]
    pub fn take_data(&mut self) -> Option<Vec<u8>> {
        self.data.take()
    }
}

/// A booted Wosix machine inside this worker.
#[wasm_bindgen]
pub struct WosixKernel {
    engine: Engine,
}

#[wasm_bindgen]
impl WosixKernel {
    /// Boot a machine whose workdir is `/home/<workdir_name>`.
    #[wasm_bindgen(constructor)]
    pub fn new(workdir_name: &str) -> Result<WosixKernel, JsValue> {
        std::panic::set_hook(Box::new(|info| {
            console_error(&format!("wosix kernel panic: {info}"))
        }));
        Engine::boot(Arc::new(WebHost), workdir_name)
            .map(|engine| WosixKernel { engine })
            .map_err(|e| JsValue::from_str(&e))
    }

    /// The workdir.
    #[wasm_bindgen(getter)]
    pub fn workdir(&self) -> String {
        self.engine.workdir().to_string()
    }

    /// The default PATH of spawned processes.
    #[wasm_bindgen(getter)]
    pub fn path(&self) -> String {
        PATH.to_string()
    }

    /// Queue a request (JSON text plus optional payload); call `run` afterwards.
    pub fn request(&self, json: &str, data: Option<Vec<u8>>) {
        self.engine.request(json, data);
    }

    /// Run every ready task. Returns milliseconds until the next timer, or -1 if none.
    pub fn run(&self) -> f64 {
        match self.engine.run() {
            Some(deadline) => {
                let now = WebHost.monotonic_ns();
                deadline.saturating_sub(now) as f64 / 1e6
            }
            None => -1.0,
        }
    }

    /// The next message for the page, if any.
    pub fn next(&self) -> Option<Message> {
        self.engine.take().map(|m| Message {
            json: m.json,
            data: m.data,
        })
    }

    /// Whether tasks are still ready after `run` (it returned early): run again soon.
    pub fn busy(&self) -> bool {
        self.engine.machine().has_ready()
    }

    /// Whether watchers exist (the worker then sends periodic scans).
    pub fn watching(&self) -> bool {
        self.engine.watching()
    }
}
