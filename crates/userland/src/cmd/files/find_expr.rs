//! The expression language of find(1) (GNU findutils): parsing the arguments after the
//! starting points into a tree of tests, actions and operators, with GNU's precedence
//! (`!` > implicit/explicit `-a` > `-o` > `,`), global options, and its error messages.

use super::mode;
use crate::cmd::users::UserDb;

/// How a numeric argument compares (`+N`, `-N`, `N`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `+N`: more than N.
    Gt(i64),
    /// `-N`: less than N.
    Lt(i64),
    /// `N`: exactly N.
    Eq(i64),
}

impl Cmp {
    /// Whether `v` satisfies the comparison.
    pub fn test(self, v: i64) -> bool {
        match self {
            Cmp::Gt(n) => v > n,
            Cmp::Lt(n) => v < n,
            Cmp::Eq(n) => v == n,
        }
    }
}

/// How `-perm` compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PermKind {
    /// `MODE`: exactly these bits.
    Exact,
    /// `-MODE`: at least these bits.
    All,
    /// `/MODE`: any of these bits.
    Any,
}

/// An `-exec`-family action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exec {
    /// The command line with `{}` placeholders.
    pub argv: Vec<String>,
    /// `{} +`: run once with many files.
    pub batch: bool,
    /// `-execdir`/`-okdir`: run in the file's directory.
    pub in_dir: bool,
    /// `-ok`: ask first.
    pub ask: bool,
    /// Index of this action (for batches).
    pub id: usize,
}

/// A compiled `-regex` (compared by its source text).
#[derive(Clone, Debug)]
pub struct Pattern(pub regex::Regex);

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

/// A node of the expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `a -a b`.
    And(Box<Expr>, Box<Expr>),
    /// `a -o b`.
    Or(Box<Expr>, Box<Expr>),
    /// `a , b`: both, value of `b`.
    Comma(Box<Expr>, Box<Expr>),
    /// `! a`.
    Not(Box<Expr>),
    /// Always true (also what global options evaluate to).
    True,
    /// Always false.
    False,
    /// `-name`/`-iname`.
    Name(String, bool),
    /// `-path`/`-ipath`/`-wholename`.
    Path(String, bool),
    /// `-regex`/`-iregex` (anchored).
    Regex(Pattern),
    /// `-lname`/`-ilname`: a symbolic link whose target matches.
    LName(String, bool),
    /// `-type` letters.
    Type(Vec<char>),
    /// `-xtype` letters (the type after following links).
    XType(Vec<char>),
    /// `-size`: comparison and unit in bytes.
    Size(Cmp, u64),
    /// `-[acm]time`/`-[acm]min`: which time, comparison, unit in seconds.
    Age(char, Cmp, i64),
    /// `-newer`/`-anewer`/`-cnewer`: which time of the file, reference file.
    Newer(char, String),
    /// A resolved `-newer`: which time, reference time (seconds, nanoseconds).
    NewerThan(char, i64, u32),
    /// `-perm`.
    Perm(PermKind, u32),
    /// `-user`/`-uid`.
    Uid(Cmp),
    /// `-group`/`-gid`.
    Gid(Cmp),
    /// `-nouser`.
    NoUser,
    /// `-nogroup`.
    NoGroup,
    /// `-links`.
    Links(Cmp),
    /// `-inum`.
    Inum(Cmp),
    /// `-empty`.
    Empty,
    /// `-readable`.
    Readable,
    /// `-writable`.
    Writable,
    /// `-executable`.
    Executable,
    /// `-print`.
    Print,
    /// `-print0`.
    Print0,
    /// `-printf FORMAT`.
    Printf(String),
    /// `-ls`.
    Ls,
    /// `-exec`, `-execdir`, `-ok`, `-okdir`.
    Exec(Exec),
    /// `-delete`.
    Delete,
    /// `-prune`.
    Prune,
    /// `-quit`.
    Quit,
}

/// The parsed command line after the starting points.
#[derive(Debug)]
pub struct Query {
    /// The expression, with the implicit `-print` added.
    pub expr: Expr,
    /// `-maxdepth`.
    pub maxdepth: Option<usize>,
    /// `-mindepth`.
    pub mindepth: usize,
    /// `-depth` (or implied by `-delete`).
    pub depth_first: bool,
    /// `-xdev`/`-mount`.
    pub xdev: bool,
    /// `-follow`.
    pub follow: bool,
    /// Warnings to print (global options after tests).
    pub warnings: Vec<String>,
    /// Number of `-exec` actions (batch slots).
    pub execs: usize,
}

struct Parser<'a> {
    args: &'a [String],
    pos: usize,
    db: &'a UserDb,
    q: Query,
    has_action: bool,
    seen_test: Option<String>,
}

/// Parse a numeric argument `+N`, `-N` or `N`.
fn parse_cmp(s: &str) -> Option<Cmp> {
    let (ctor, digits): (fn(i64) -> Cmp, &str) = match s.as_bytes().first()? {
        b'+' => (Cmp::Gt, &s[1..]),
        b'-' => (Cmp::Lt, &s[1..]),
        _ => (Cmp::Eq, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(ctor(digits.parse().ok()?))
}

/// Parse a query (the arguments after the starting points).
///
/// # Errors
/// The message to print after `find: `.
pub fn parse(args: &[String], db: &UserDb) -> Result<Query, String> {
    let q = Query {
        expr: Expr::True,
        maxdepth: None,
        mindepth: 0,
        depth_first: false,
        xdev: false,
        follow: false,
        warnings: Vec::new(),
        execs: 0,
    };
    let mut p = Parser {
        args,
        pos: 0,
        db,
        q,
        has_action: false,
        seen_test: None,
    };
    let expr = if args.is_empty() {
        Expr::True
    } else {
        p.comma()?
    };
    if p.pos < args.len() {
        let a = &args[p.pos];
        if a == ")" {
            return Err("invalid expression; you have too many ')'".into());
        }
        return Err(format!("paths must precede expression: '{a}'"));
    }
    p.q.expr = if p.has_action {
        expr
    } else {
        Expr::And(Box::new(expr), Box::new(Expr::Print))
    };
    Ok(p.q)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.args.get(self.pos).map(String::as_str)
    }

    fn comma(&mut self) -> Result<Expr, String> {
        let mut left = self.or()?;
        while self.peek() == Some(",") {
            self.pos += 1;
            if self.peek().is_none() {
                return Err("invalid expression; you have used a binary operator ',' with nothing after it.".into());
            }
            let right = self.or()?;
            left = Expr::Comma(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while matches!(self.peek(), Some("-o" | "-or")) {
            let op = self.args[self.pos].clone();
            self.pos += 1;
            if matches!(self.peek(), None | Some(")" | ",")) {
                return Err(format!(
                    "invalid expression; you have used a binary operator '{op}' with nothing after it."
                ));
            }
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.not()?;
        loop {
            match self.peek() {
                Some("-a" | "-and") => {
                    let op = self.args[self.pos].clone();
                    self.pos += 1;
                    if matches!(self.peek(), None | Some(")" | "," | "-o" | "-or")) {
                        return Err(format!(
                            "invalid expression; you have used a binary operator '{op}' with nothing after it."
                        ));
                    }
                }
                None | Some(")" | "," | "-o" | "-or") => return Ok(left),
                _ => {}
            }
            let right = self.not()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
    }

    fn not(&mut self) -> Result<Expr, String> {
        match self.peek() {
            Some("!" | "-not") => {
                let op = self.args[self.pos].clone();
                self.pos += 1;
                if matches!(
                    self.peek(),
                    None | Some(")" | "," | "-o" | "-or" | "-a" | "-and")
                ) {
                    return Err(format!("expected an expression after '{op}'"));
                }
                Ok(Expr::Not(Box::new(self.not()?)))
            }
            _ => self.primary(),
        }
    }

    fn arg(&mut self, pred: &str) -> Result<String, String> {
        match self.args.get(self.pos) {
            Some(a) => {
                self.pos += 1;
                Ok(a.clone())
            }
            None => Err(format!("missing argument to '{pred}'")),
        }
    }

    fn num(&mut self, pred: &str) -> Result<Cmp, String> {
        let a = self.arg(pred)?;
        parse_cmp(&a).ok_or_else(|| format!("invalid argument '{a}' to '{pred}'"))
    }

    fn global(&mut self, pred: &str) {
        if let Some(t) = &self.seen_test {
            self.q.warnings.push(format!(
                "warning: you have specified the global option {pred} after the argument {t}, but global options are not positional, i.e., {pred} affects tests specified before it as well as those specified after it.  Please specify global options before other arguments."
            ));
        }
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let Some(tok) = self.peek().map(str::to_string) else {
            return Err("invalid expression".into());
        };
        self.pos += 1;
        if tok == "(" {
            if self.peek() == Some(")") {
                return Err("invalid expression; empty parentheses are not allowed.".into());
            }
            let e = self.comma()?;
            if self.peek() != Some(")") {
                return Err("invalid expression; I was expecting to find a ')' somewhere but did not see one.".into());
            }
            self.pos += 1;
            return Ok(e);
        }
        if tok == ")" {
            return Err("invalid expression; you have too many ')'".into());
        }
        if tok == "-o" || tok == "-or" || tok == "-a" || tok == "-and" || tok == "," {
            return Err(format!(
                "invalid expression; you have used a binary operator '{tok}' with nothing before it."
            ));
        }
        if !tok.starts_with('-') || tok == "-" {
            return Err(format!("paths must precede expression: '{tok}'"));
        }
        let is_global = matches!(
            tok.as_str(),
            "-maxdepth"
                | "-mindepth"
                | "-depth"
                | "-d"
                | "-xdev"
                | "-mount"
                | "-follow"
                | "-noleaf"
                | "-ignore_readdir_race"
                | "-noignore_readdir_race"
                | "-regextype"
                | "-nowarn"
                | "-warn"
        );
        if is_global {
            self.global(&tok);
        } else if !matches!(tok.as_str(), "-print" | "-print0") {
            self.seen_test.get_or_insert_with(|| tok.clone());
        }
        let e = match tok.as_str() {
            "-maxdepth" | "-mindepth" => {
                let a = self.arg(&tok)?;
                let n: usize = a.parse().map_err(|_| {
                    format!("Expected a positive decimal integer argument to {tok}, but got '{a}'")
                })?;
                if tok == "-maxdepth" {
                    self.q.maxdepth = Some(n);
                } else {
                    self.q.mindepth = n;
                }
                Expr::True
            }
            "-depth" | "-d" => {
                self.q.depth_first = true;
                Expr::True
            }
            "-xdev" | "-mount" => {
                self.q.xdev = true;
                Expr::True
            }
            "-follow" => {
                self.q.follow = true;
                Expr::True
            }
            "-noleaf" | "-ignore_readdir_race" | "-noignore_readdir_race" | "-nowarn" | "-warn" => {
                Expr::True
            }
            "-regextype" => {
                self.arg(&tok)?;
                Expr::True
            }
            "-true" => Expr::True,
            "-false" => Expr::False,
            "-name" | "-iname" => Expr::Name(self.arg(&tok)?, tok == "-iname"),
            "-path" | "-wholename" | "-ipath" | "-iwholename" => {
                Expr::Path(self.arg(&tok)?, tok.starts_with("-i"))
            }
            "-lname" | "-ilname" => Expr::LName(self.arg(&tok)?, tok == "-ilname"),
            "-regex" | "-iregex" => {
                let a = self.arg(&tok)?;
                let re = regex::RegexBuilder::new(&format!("^(?:{a})$"))
                    .case_insensitive(tok == "-iregex")
                    .build()
                    .map_err(|_| format!("invalid regular expression '{a}'"))?;
                Expr::Regex(Pattern(re))
            }
            "-type" | "-xtype" => {
                let a = self.arg(&tok)?;
                let mut letters = Vec::new();
                for part in a.split(',') {
                    let mut ch = part.chars();
                    match (ch.next(), ch.next()) {
                        (Some(c), None) if "bcdpfls".contains(c) => letters.push(c),
                        _ => return Err(format!("Unknown argument to {tok}: {a}")),
                    }
                }
                if tok == "-type" {
                    Expr::Type(letters)
                } else {
                    Expr::XType(letters)
                }
            }
            "-size" => {
                let a = self.arg(&tok)?;
                let (body, unit) = match a.chars().last() {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let unit = match c {
                            'b' => 512,
                            'c' => 1,
                            'w' => 2,
                            'k' => 1024,
                            'M' => 1 << 20,
                            'G' => 1 << 30,
                            _ => return Err(format!("invalid -size type '{c}'")),
                        };
                        (&a[..a.len() - 1], unit)
                    }
                    _ => (a.as_str(), 512),
                };
                let cmp =
                    parse_cmp(body).ok_or_else(|| format!("invalid argument '{a}' to '-size'"))?;
                Expr::Size(cmp, unit)
            }
            "-mtime" | "-atime" | "-ctime" => {
                Expr::Age(tok.chars().nth(1).unwrap_or('m'), self.num(&tok)?, 86_400)
            }
            "-mmin" | "-amin" | "-cmin" => {
                Expr::Age(tok.chars().nth(1).unwrap_or('m'), self.num(&tok)?, 60)
            }
            "-newer" | "-anewer" | "-cnewer" => {
                let which = if tok == "-newer" {
                    'm'
                } else {
                    tok.chars().nth(1).unwrap_or('m')
                };
                Expr::Newer(which, self.arg(&tok)?)
            }
            "-perm" => {
                let a = self.arg(&tok)?;
                let (kind, m) = match a.as_bytes().first() {
                    Some(b'-') => (PermKind::All, &a[1..]),
                    Some(b'/') => (PermKind::Any, &a[1..]),
                    _ => (PermKind::Exact, a.as_str()),
                };
                let spec = mode::compile(m).ok_or_else(|| format!("invalid mode '{a}'"))?;
                Expr::Perm(kind, spec.apply(0, false, 0).0)
            }
            "-user" => {
                let a = self.arg(&tok)?;
                match self.db.user_by_name(&a) {
                    Some(u) => Expr::Uid(Cmp::Eq(u.uid as i64)),
                    None => match a.parse::<u32>() {
                        Ok(n) => Expr::Uid(Cmp::Eq(n as i64)),
                        Err(_) => return Err(format!("'{a}' is not the name of a known user")),
                    },
                }
            }
            "-group" => {
                let a = self.arg(&tok)?;
                match self.db.group_by_name(&a) {
                    Some(g) => Expr::Gid(Cmp::Eq(g.gid as i64)),
                    None => match a.parse::<u32>() {
                        Ok(n) => Expr::Gid(Cmp::Eq(n as i64)),
                        Err(_) => {
                            return Err(format!("'{a}' is not the name of an existing group"));
                        }
                    },
                }
            }
            "-uid" => Expr::Uid(self.num(&tok)?),
            "-gid" => Expr::Gid(self.num(&tok)?),
            "-nouser" => Expr::NoUser,
            "-nogroup" => Expr::NoGroup,
            "-links" => Expr::Links(self.num(&tok)?),
            "-inum" => Expr::Inum(self.num(&tok)?),
            "-empty" => Expr::Empty,
            "-readable" => Expr::Readable,
            "-writable" => Expr::Writable,
            "-executable" => Expr::Executable,
            "-print" => {
                self.has_action = true;
                Expr::Print
            }
            "-print0" => {
                self.has_action = true;
                Expr::Print0
            }
            "-printf" => {
                self.has_action = true;
                Expr::Printf(self.arg(&tok)?)
            }
            "-ls" => {
                self.has_action = true;
                Expr::Ls
            }
            "-delete" => {
                self.has_action = true;
                self.q.depth_first = true;
                Expr::Delete
            }
            "-prune" => Expr::Prune,
            "-quit" => Expr::Quit,
            "-exec" | "-execdir" | "-ok" | "-okdir" => {
                self.has_action = true;
                let mut argv = Vec::new();
                let mut batch = false;
                loop {
                    let Some(a) = self.args.get(self.pos) else {
                        return Err(format!("missing argument to '{tok}'"));
                    };
                    self.pos += 1;
                    if a == ";" {
                        break;
                    }
                    if a == "+" && argv.last().is_some_and(|l: &String| l == "{}") {
                        if tok.starts_with("-ok") {
                            return Err(format!("missing argument to '{tok}'"));
                        }
                        batch = true;
                        break;
                    }
                    argv.push(a.clone());
                }
                if argv.is_empty() {
                    return Err(format!("missing argument to '{tok}'"));
                }
                if batch && argv[..argv.len() - 1].iter().any(|a| a.contains("{}")) {
                    return Err(format!(
                        "Only one instance of {{}} is supported with {tok} ... +"
                    ));
                }
                let id = self.q.execs;
                self.q.execs += 1;
                Expr::Exec(Exec {
                    argv,
                    batch,
                    in_dir: tok.ends_with("dir"),
                    ask: tok.starts_with("-ok"),
                    id,
                })
            }
            _ => return Err(format!("unknown predicate '{tok}'")),
        };
        Ok(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Result<Query, String> {
        let args: Vec<String> = s.split_whitespace().map(str::to_string).collect();
        parse(
            &args,
            &UserDb::parse("user:x:1000:1000::/:/bin/sh\n", "user:x:1000:\n"),
        )
    }

    fn name(s: &str) -> Box<Expr> {
        Box::new(Expr::Name(s.into(), false))
    }

    #[test]
    fn precedence_and_default_print() {
        let e = q("-name a -o -name b -type f")
            .map(|q| q.expr)
            .unwrap_or(Expr::False);
        let inner = Expr::Or(
            name("a"),
            Box::new(Expr::And(name("b"), Box::new(Expr::Type(vec!['f'])))),
        );
        assert_eq!(e, Expr::And(Box::new(inner), Box::new(Expr::Print)));
        let e = q("( -name a -o -name b ) -print")
            .map(|q| q.expr)
            .unwrap_or(Expr::False);
        assert_eq!(
            e,
            Expr::And(
                Box::new(Expr::Or(name("a"), name("b"))),
                Box::new(Expr::Print)
            )
        );
        let e = q("! -name a").map(|q| q.expr).unwrap_or(Expr::False);
        assert_eq!(
            e,
            Expr::And(Box::new(Expr::Not(name("a"))), Box::new(Expr::Print))
        );
    }

    #[test]
    fn options_and_actions() {
        let query = q("-maxdepth 2 -mindepth 1 -type f,d -size +3k -mtime -1 -user user -perm -u+x -exec echo {} +")
            .map_err(|e| e.to_string());
        let query = match query {
            Ok(q) => q,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(query.maxdepth, Some(2));
        assert_eq!(query.mindepth, 1);
        assert_eq!(query.execs, 1);
        assert!(
            matches!(query.expr, Expr::And(_, ref r) if matches!(**r, Expr::Exec(Exec { batch: true, .. })))
        );
        assert!(q("-delete").map(|q| q.depth_first).unwrap_or(false));
        assert!(
            q("-name x -maxdepth 1")
                .map(|q| q.warnings.len() == 1)
                .unwrap_or(false)
        );
    }

    #[test]
    fn errors() {
        assert_eq!(q("-bogus").err(), Some("unknown predicate '-bogus'".into()));
        assert_eq!(q("-name").err(), Some("missing argument to '-name'".into()));
        assert_eq!(
            q("-type x").err(),
            Some("Unknown argument to -type: x".into())
        );
        assert_eq!(
            q("-exec echo {}").err(),
            Some("missing argument to '-exec'".into())
        );
        assert_eq!(
            q("-name a foo").err(),
            Some("paths must precede expression: 'foo'".into())
        );
        assert!(q("( -name a").is_err());
        assert!(q("-name a )").is_err());
        assert!(q("-o -name a").is_err());
        assert_eq!(
            q("-mtime x").err(),
            Some("invalid argument 'x' to '-mtime'".into())
        );
        assert_eq!(
            q("-user nobody").err(),
            Some("'nobody' is not the name of a known user".into())
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_cmp("+3"), Some(Cmp::Gt(3)));
        assert_eq!(parse_cmp("-3"), Some(Cmp::Lt(3)));
        assert_eq!(parse_cmp("3"), Some(Cmp::Eq(3)));
        assert_eq!(parse_cmp("+"), None);
        assert!(Cmp::Gt(3).test(4) && !Cmp::Lt(3).test(3) && Cmp::Eq(3).test(3));
    }
}
