//! stty(1) as GNU coreutils: show (`stty`, `-a`, `-g`) or change the attributes of the
//! terminal on standard input (or `-F DEVICE`), with GNU's error wording. The mode tables and
//! rendering live in `stty_modes`; this file does the option parsing and system calls.

use super::stty_modes::{self, Action, speed};
use crate::Ctx;
use wosix_abi::call::SetWhen;
use wosix_abi::{Errno, Fd, OFlags};

const HELP: &str = "Usage: stty [-F DEVICE | --file=DEVICE] [SETTING]...
  or:  stty [-F DEVICE | --file=DEVICE] [-a|--all]
  or:  stty [-F DEVICE | --file=DEVICE] [-g|--save]
Print or change terminal characteristics.

  -a, --all          print all current settings in human-readable form
  -g, --save         print all current settings in a stty-readable form
  -F, --file=DEVICE  open and use the specified DEVICE instead of stdin
      --help        display this help and exit
      --version     output version information and exit

Optional - before SETTING indicates negation.  An * marks non-POSIX
settings.  The underlying system defines which settings are available.

Special characters:
   discard CHAR  CHAR will toggle discarding of output
   eof CHAR      CHAR will send an end of file (terminate the input)
   eol CHAR      CHAR will end the line
 * eol2 CHAR     alternate CHAR for ending the line
   erase CHAR    CHAR will erase the last character typed
   intr CHAR     CHAR will send an interrupt signal
   kill CHAR     CHAR will erase the current line
 * lnext CHAR    CHAR will enter the next character quoted
   quit CHAR     CHAR will send a quit signal
 * rprnt CHAR    CHAR will redraw the current line
   start CHAR    CHAR will restart the output after stopping it
   stop CHAR     CHAR will stop the output
   susp CHAR     CHAR will send a terminal stop signal
 * swtch CHAR    CHAR will switch to a different shell layer
 * werase CHAR   CHAR will erase the last word typed

Special settings:
   N             set the input and output speeds to N bauds
 * cols N        tell the kernel that the terminal has N columns
 * columns N     same as cols N
   ispeed N      set the input speed to N
 * line N        use line discipline N
   min N         with -icanon, set N characters minimum for a completed read
   ospeed N      set the output speed to N
 * rows N        tell the kernel that the terminal has N rows
 * size          print the number of rows and columns according to the kernel
   speed         print the terminal speed
   time N        with -icanon, set read timeout of N tenths of a second

Combination settings:
 * [-]LCASE      same as [-]lcase
   cbreak        same as -icanon
   -cbreak       same as icanon
   cooked        same as brkint ignpar istrip icrnl ixon opost isig
                 icanon, eof and eol characters to their default values
   -cooked       same as raw
 * crt           same as echoe echoctl echoke
 * dec           same as echoe echoctl echoke -ixany intr ^c erase 0177
                 kill ^u
 * [-]decctlq    same as [-]ixany
   ek            erase and kill characters to their default values
   evenp         same as parenb -parodd cs7
   -evenp        same as -parenb cs8
 * [-]lcase      same as xcase iuclc olcuc
   litout        same as -parenb -istrip -opost cs8
   -litout       same as parenb istrip opost cs7
   nl            same as -icrnl -onlcr
   -nl           same as icrnl -inlcr -igncr onlcr -ocrnl -onlret
   oddp          same as parenb parodd cs7
   -oddp         same as -parenb cs8
   [-]parity     same as [-]evenp
   pass8         same as -parenb -istrip cs8
   -pass8        same as parenb istrip cs7
   raw           same as -ignbrk -brkint -ignpar -parmrk -inpck -istrip
                 -inlcr -igncr -icrnl -ixon -ixoff -icanon -opost
                 -isig -iuclc -ixany -imaxbel -xcase min 1 time 0
   -raw          same as cooked
   sane          same as cread -ignbrk brkint -inlcr -igncr icrnl
                 icanon iexten echo echoe echok -echonl -noflsh
                 -ixoff -iutf8 -iuclc -ixany imaxbel -xcase -olcuc -ocrnl
                 opost -ofill onlcr -onocr -onlret nl0 cr0 tab0 bs0 vt0 ff0
                 isig -tostop -ofdel -echoprt echoctl echoke -extproc -flusho,
                 all special characters to their default values

Handle the tty line connected to standard input.  Without arguments,
prints baud rate, line discipline, and deviations from stty sane.  In
settings, CHAR is taken literally, or coded as in ^c, 0x37, 0177 or
127; special values ^- or undef used to disable special characters.
";

/// How a device is named in messages: quoted when it holds a blank (`'standard input'`).
fn quoted(name: &str) -> String {
    if name.contains([' ', '\'', '"', '$', '\\', '*', '?']) {
        format!("'{name}'")
    } else {
        name.to_string()
    }
}

/// stty(1).
pub async fn stty(ctx: &mut Ctx) -> i32 {
    let mut verbose = false;
    let mut save = false;
    let mut device: Option<String> = None;
    let mut settings: Vec<String> = Vec::new();
    let args: Vec<String> = ctx.argv[1..].to_vec();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].clone();
        i += 1;
        match a.as_str() {
            "-a" | "--all" => verbose = true,
            "-g" | "--save" => save = true,
            "-ag" | "-ga" => {
                verbose = true;
                save = true;
            }
            "--help" => {
                ctx.out.str(HELP);
                return 0;
            }
            "--version" => {
                ctx.out.line("stty (Wosix coreutils) 0.1");
                return 0;
            }
            "-F" | "--file" => match args.get(i) {
                Some(d) => {
                    device = Some(d.clone());
                    i += 1;
                }
                None => {
                    ctx.error(&format!(
                        "option requires an argument -- '{}'",
                        if a == "-F" { "F" } else { "file" }
                    ));
                    ctx.err.line("Try 'stty --help' for more information.");
                    return 1;
                }
            },
            _ => {
                if let Some(d) = a.strip_prefix("--file=") {
                    device = Some(d.to_string());
                } else if let Some(d) = a.strip_prefix("-F") {
                    device = Some(d.to_string());
                } else {
                    settings.push(a);
                }
            }
        }
    }
    if verbose && save {
        ctx.error("the options for verbose and stty-readable output styles are mutually exclusive");
        ctx.err.line("Try 'stty --help' for more information.");
        return 1;
    }
    if (verbose || save) && !settings.is_empty() {
        ctx.error("when specifying an output style, modes may not be set");
        ctx.err.line("Try 'stty --help' for more information.");
        return 1;
    }
    let (fd, name, opened) = match &device {
        Some(d) => match ctx
            .sys
            .open(
                d,
                OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC,
                0,
            )
            .await
        {
            Ok(fd) => (fd, d.clone(), true),
            Err(e) => {
                ctx.error_path(&quoted(d), e);
                return 1;
            }
        },
        None => (Fd::STDIN, "standard input".to_string(), false),
    };
    let status = run(ctx, fd, &quoted(&name), verbose, save, &settings).await;
    if opened {
        let _ = ctx.sys.close(fd).await;
    }
    status
}

async fn run(
    ctx: &mut Ctx,
    fd: Fd,
    name: &str,
    verbose: bool,
    save: bool,
    settings: &[String],
) -> i32 {
    let mut t = match ctx.sys.tcgetattr(fd).await {
        Ok(t) => t,
        Err(e) => {
            ctx.error_path(name, e);
            return 1;
        }
    };
    let max_col = match ctx.sys.get_winsize(Fd::STDOUT).await {
        Ok(w) if w.cols > 0 => w.cols as usize,
        _ => ctx
            .getenv("COLUMNS")
            .and_then(|c| c.parse().ok())
            .filter(|c| *c > 0)
            .unwrap_or(80),
    };
    if settings.is_empty() {
        if save {
            ctx.out.line(&stty_modes::save_string(&t));
        } else if verbose {
            let size = ctx.sys.get_winsize(fd).await.ok().map(|w| (w.rows, w.cols));
            ctx.out.str(&stty_modes::display_all(&t, size, max_col));
        } else {
            ctx.out.str(&stty_modes::display_changed(&t, max_col));
        }
        return 0;
    }
    let before = t;
    let actions = match stty_modes::apply(settings, &mut t) {
        Ok(a) => a,
        Err(e) => {
            let (msg, try_help) = e.message();
            ctx.error(&msg);
            if try_help {
                ctx.err.line("Try 'stty --help' for more information.");
            }
            return 1;
        }
    };
    if t != before {
        if let Err(e) = ctx.sys.tcsetattr(fd, SetWhen::Drain, t).await {
            ctx.error_path(name, e);
            return 1;
        }
        match ctx.sys.tcgetattr(fd).await {
            Ok(now) if now == t => {}
            Ok(_) => {
                ctx.error(&format!(
                    "{name}: unable to perform all requested operations"
                ));
                return 1;
            }
            Err(e) => {
                ctx.error_path(name, e);
                return 1;
            }
        }
    }
    for a in actions {
        let r: Result<(), Errno> = async {
            match a {
                Action::Rows(r) => {
                    let mut w = ctx.sys.get_winsize(fd).await?;
                    w.rows = r;
                    ctx.sys.set_winsize(fd, w).await
                }
                Action::Cols(c) => {
                    let mut w = ctx.sys.get_winsize(fd).await?;
                    w.cols = c;
                    ctx.sys.set_winsize(fd, w).await
                }
                Action::PrintSize => {
                    let w = ctx.sys.get_winsize(fd).await?;
                    ctx.out.line(&format!("{} {}", w.rows, w.cols));
                    Ok(())
                }
                Action::PrintSpeed => {
                    ctx.out.line(&speed(&t).to_string());
                    Ok(())
                }
            }
        }
        .await;
        if let Err(e) = r {
            ctx.error_path(name, e);
            return 1;
        }
    }
    0
}
