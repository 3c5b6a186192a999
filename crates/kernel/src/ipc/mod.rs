//! Inter-process communication: pipes (and the FIFOs of tmpfs that are backed by them).

pub mod pipe;

/// Remove and return the first `n` bytes of `q` (at most its length) with two slice copies;
/// collecting a `drain` byte by byte made pipe reads the bottleneck of a pipeline.
pub(crate) fn take_front(q: &mut std::collections::VecDeque<u8>, n: usize) -> Vec<u8> {
    let n = n.min(q.len());
    let (a, b) = q.as_slices();
    let from_a = n.min(a.len());
    let mut out = Vec::with_capacity(n);
    out.extend_from_slice(&a[..from_a]);
    out.extend_from_slice(&b[..n - from_a]);
    q.drain(..n);
    out
}

#[cfg(test)]
mod tests {
    use super::take_front;
    use std::collections::VecDeque;

    #[test]
    fn take_front_spans_the_ring_boundary() {
        let mut q: VecDeque<u8> = VecDeque::with_capacity(8);
        q.extend([0, 0, 0, 0, 0, 1, 2]);
        q.drain(..5);
        q.extend([3, 4, 5, 6]);
        assert_eq!(take_front(&mut q, 4), vec![1, 2, 3, 4]);
        assert_eq!(take_front(&mut q, 10), vec![5, 6]);
        assert!(take_front(&mut q, 3).is_empty());
    }
}
