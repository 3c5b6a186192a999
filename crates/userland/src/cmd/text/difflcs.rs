//! The difference algorithm behind diff(1): Myers' O(ND) algorithm in its linear-space form
//! (divide and conquer on the middle snake), over lines interned to integers, producing the
//! changed regions; plus grouping of changes into hunks with context.

/// One changed region: `a[a0..a0+alen]` is replaced by `b[b0..b0+blen]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// Start in the old file (0-based).
    pub a0: usize,
    /// Lines removed.
    pub alen: usize,
    /// Start in the new file (0-based).
    pub b0: usize,
    /// Lines added.
    pub blen: usize,
}

/// The middle snake of `a` and `b`: `(x0, y0, x1, y1)` in their coordinates.
fn middle_snake(a: &[usize], b: &[usize]) -> (usize, usize, usize, usize) {
    let n = a.len() as isize;
    let m = b.len() as isize;
    let max = (n + m + 1) / 2;
    let delta = n - m;
    let off = max + 1;
    let size = (2 * max + 3) as usize;
    let mut vf = vec![0isize; size];
    let mut vb = vec![0isize; size];
    let odd = delta % 2 != 0;
    for d in 0..=max {
        let mut k = -d;
        while k <= d {
            let i = (k + off) as usize;
            let mut x = if k == -d || (k != d && vf[i - 1] < vf[i + 1]) { vf[i + 1] } else { vf[i - 1] + 1 };
            let mut y = x - k;
            let (x0, y0) = (x, y);
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            vf[i] = x;
            let c = delta - k;
            if odd && c >= -(d - 1) && c <= d - 1 && vf[i] + vb[(c + off) as usize] >= n {
                return (x0 as usize, y0 as usize, x as usize, y as usize);
            }
            k += 2;
        }
        let mut c = -d;
        while c <= d {
            let i = (c + off) as usize;
            let mut x = if c == -d || (c != d && vb[i - 1] < vb[i + 1]) { vb[i + 1] } else { vb[i - 1] + 1 };
            let mut y = x - c;
            let (x0, y0) = (x, y);
            while x < n && y < m && a[(n - 1 - x) as usize] == b[(m - 1 - y) as usize] {
                x += 1;
                y += 1;
            }
            vb[i] = x;
            let k = delta - c;
            if !odd && k >= -d && k <= d && vb[i] + vf[(k + off) as usize] >= n {
                return ((n - x) as usize, (m - y) as usize, (n - x0) as usize, (m - y0) as usize);
            }
            c += 2;
        }
    }
    (0, 0, 0, 0)
}

fn lcs(a: &[usize], b: &[usize], ao: usize, bo: usize, ma: &mut [bool], mb: &mut [bool]) {
    let (mut lo_a, mut lo_b) = (0, 0);
    let (mut hi_a, mut hi_b) = (a.len(), b.len());
    while lo_a < hi_a && lo_b < hi_b && a[lo_a] == b[lo_b] {
        ma[ao + lo_a] = true;
        mb[bo + lo_b] = true;
        lo_a += 1;
        lo_b += 1;
    }
    while lo_a < hi_a && lo_b < hi_b && a[hi_a - 1] == b[hi_b - 1] {
        hi_a -= 1;
        hi_b -= 1;
        ma[ao + hi_a] = true;
        mb[bo + hi_b] = true;
    }
    if lo_a == hi_a || lo_b == hi_b {
        return;
    }
    let (sa, sb) = (&a[lo_a..hi_a], &b[lo_b..hi_b]);
    let (x0, y0, x1, y1) = middle_snake(sa, sb);
    for k in 0..(x1 - x0) {
        ma[ao + lo_a + x0 + k] = true;
        mb[bo + lo_b + y0 + k] = true;
    }
    lcs(&sa[..x0], &sb[..y0], ao + lo_a, bo + lo_b, ma, mb);
    lcs(&sa[x1..], &sb[y1..], ao + lo_a + x1, bo + lo_b + y1, ma, mb);
}

/// The changes that turn `a` into `b` (sequences of interned lines).
pub fn diff(a: &[usize], b: &[usize]) -> Vec<Change> {
    let mut ma = vec![false; a.len()];
    let mut mb = vec![false; b.len()];
    lcs(a, b, 0, 0, &mut ma, &mut mb);
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && ma[i] && mb[j] {
            i += 1;
            j += 1;
            continue;
        }
        let (a0, b0) = (i, j);
        while i < a.len() && !ma[i] {
            i += 1;
        }
        while j < b.len() && !mb[j] {
            j += 1;
        }
        out.push(Change { a0, alen: i - a0, b0, blen: j - b0 });
    }
    out
}

/// Changes grouped into hunks whose context (`ctx` lines) touches or overlaps.
pub fn hunks(changes: &[Change], ctx: usize) -> Vec<Vec<Change>> {
    let mut out: Vec<Vec<Change>> = Vec::new();
    for c in changes {
        match out.last_mut() {
            Some(h) => {
                let last = h[h.len() - 1];
                if c.a0 - (last.a0 + last.alen) <= 2 * ctx {
                    h.push(*c);
                } else {
                    out.push(vec![*c]);
                }
            }
            None => out.push(vec![*c]),
        }
    }
    out
}

/// Intern lines (after `key` normalisation) to integers shared by both files.
pub fn intern(a: &[Vec<u8>], b: &[Vec<u8>], key: impl Fn(&[u8]) -> Vec<u8>) -> (Vec<usize>, Vec<usize>) {
    let mut ids: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
    let mut id = |l: &Vec<u8>| {
        let k = key(l);
        let n = ids.len();
        *ids.entry(k).or_insert(n)
    };
    let ia = a.iter().map(&mut id).collect();
    let ib = b.iter().map(&mut id).collect();
    (ia, ib)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcs_len(a: &[usize], b: &[usize]) -> usize {
        let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                t[i][j] = if a[i] == b[j] { t[i + 1][j + 1] + 1 } else { t[i + 1][j].max(t[i][j + 1]) };
            }
        }
        t[0][0]
    }

    fn apply(a: &[usize], b: &[usize], ch: &[Change]) -> Vec<usize> {
        let mut out = Vec::new();
        let mut i = 0;
        for c in ch {
            out.extend_from_slice(&a[i..c.a0]);
            out.extend_from_slice(&b[c.b0..c.b0 + c.blen]);
            i = c.a0 + c.alen;
        }
        out.extend_from_slice(&a[i..]);
        out
    }

    #[test]
    fn minimal_and_correct() {
        // Deterministic pseudo-random sequences over a small alphabet.
        let mut seed = 12345u64;
        let mut rnd = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as usize
        };
        for _ in 0..300 {
            let la = rnd(12);
            let lb = rnd(12);
            let a: Vec<usize> = (0..la).map(|_| rnd(4)).collect();
            let b: Vec<usize> = (0..lb).map(|_| rnd(4)).collect();
            let ch = diff(&a, &b);
            assert_eq!(apply(&a, &b, &ch), b, "{a:?} {b:?}");
            let removed: usize = ch.iter().map(|c| c.alen).sum();
            assert_eq!(a.len() - removed, lcs_len(&a, &b), "{a:?} {b:?}");
        }
    }

    #[test]
    fn simple_changes() {
        assert_eq!(diff(&[1, 2, 3], &[1, 2, 3]), vec![]);
        assert_eq!(diff(&[1, 2, 3], &[1, 4, 3]), vec![Change { a0: 1, alen: 1, b0: 1, blen: 1 }]);
        assert_eq!(diff(&[1, 2], &[1, 2, 3]), vec![Change { a0: 2, alen: 0, b0: 2, blen: 1 }]);
        assert_eq!(diff(&[], &[1]), vec![Change { a0: 0, alen: 0, b0: 0, blen: 1 }]);
        let ch = [Change { a0: 1, alen: 1, b0: 1, blen: 1 }, Change { a0: 8, alen: 1, b0: 8, blen: 1 }, Change { a0: 20, alen: 1, b0: 20, blen: 0 }];
        let h = hunks(&ch, 3);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].len(), 2);
    }
}
