//! The difference algorithm behind diff(1): Myers' O(ND) algorithm in its linear-space form
//! (divide and conquer at a middle point, as GNU diff's `compareseq`/`diag` do), over lines interned to integers, producing the
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

/// GNU diff's `diag`: a point `(x, y)` on an optimal path through the middle of the edit
/// graph of `a` and `b`, searching from both ends with diagonals taken in GNU's order so
/// that ties resolve as GNU resolves them.
fn split_point(a: &[usize], b: &[usize]) -> (usize, usize) {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let (dmin, dmax) = (-m, n);
    let off = m + 1;
    let size = (n + m + 3) as usize;
    let mut fd = vec![-1isize; size];
    let mut bd = vec![isize::MAX; size];
    let at = |d: isize| (d + off) as usize;
    let (fmid, bmid) = (0isize, n - m);
    let (mut fmin, mut fmax, mut bmin, mut bmax) = (fmid, fmid, bmid, bmid);
    let odd = (fmid - bmid) & 1 != 0;
    fd[at(fmid)] = 0;
    bd[at(bmid)] = n;
    loop {
        if fmin > dmin {
            fmin -= 1;
            fd[at(fmin - 1)] = -1;
        } else {
            fmin += 1;
        }
        if fmax < dmax {
            fmax += 1;
            fd[at(fmax + 1)] = -1;
        } else {
            fmax -= 1;
        }
        let mut d = fmax;
        while d >= fmin {
            let (tlo, thi) = (fd[at(d - 1)], fd[at(d + 1)]);
            let mut x = if tlo < thi { thi } else { tlo + 1 };
            let mut y = x - d;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            fd[at(d)] = x;
            if odd && bmin <= d && d <= bmax && bd[at(d)] <= x {
                return (x as usize, y as usize);
            }
            d -= 2;
        }
        if bmin > dmin {
            bmin -= 1;
            bd[at(bmin - 1)] = isize::MAX;
        } else {
            bmin += 1;
        }
        if bmax < dmax {
            bmax += 1;
            bd[at(bmax + 1)] = isize::MAX;
        } else {
            bmax -= 1;
        }
        let mut d = bmax;
        while d >= bmin {
            let (tlo, thi) = (bd[at(d - 1)], bd[at(d + 1)]);
            let mut x = if tlo < thi { tlo } else { thi - 1 };
            let mut y = x - d;
            while x > 0 && y > 0 && a[(x - 1) as usize] == b[(y - 1) as usize] {
                x -= 1;
                y -= 1;
            }
            bd[at(d)] = x;
            if !odd && fmin <= d && d <= fmax && x <= fd[at(d)] {
                return (x as usize, y as usize);
            }
            d -= 2;
        }
    }
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
    let (x, y) = split_point(sa, sb);
    lcs(&sa[..x], &sb[..y], ao + lo_a, bo + lo_b, ma, mb);
    lcs(&sa[x..], &sb[y..], ao + lo_a + x, bo + lo_b + y, ma, mb);
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
        out.push(Change {
            a0,
            alen: i - a0,
            b0,
            blen: j - b0,
        });
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
pub fn intern(
    a: &[Vec<u8>],
    b: &[Vec<u8>],
    key: impl Fn(&[u8]) -> Vec<u8>,
) -> (Vec<usize>, Vec<usize>) {
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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn lcs_len(a: &[usize], b: &[usize]) -> usize {
        let mut t = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                t[i][j] = if a[i] == b[j] {
                    t[i + 1][j + 1] + 1
                } else {
                    t[i + 1][j].max(t[i][j + 1])
                };
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
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as usize
        };
        for _ in 0..2000 {
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
        assert_eq!(
            diff(&[1, 2, 3], &[1, 4, 3]),
            vec![Change {
                a0: 1,
                alen: 1,
                b0: 1,
                blen: 1
            }]
        );
        assert_eq!(
            diff(&[1, 2], &[1, 2, 3]),
            vec![Change {
                a0: 2,
                alen: 0,
                b0: 2,
                blen: 1
            }]
        );
        assert_eq!(
            diff(&[], &[1]),
            vec![Change {
                a0: 0,
                alen: 0,
                b0: 0,
                blen: 1
            }]
        );
        let ch = [
            Change {
                a0: 1,
                alen: 1,
                b0: 1,
                blen: 1,
            },
            Change {
                a0: 8,
                alen: 1,
                b0: 8,
                blen: 1,
            },
            Change {
                a0: 20,
                alen: 1,
                b0: 20,
                blen: 0,
            },
        ];
        let h = hunks(&ch, 3);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].len(), 2);
    }
}
