//! `y = x·Wᵀ + b` for the few rows of a decoding step, reading the weights
//! once.
//!
//! Input: `m` rows of `x` (`m × k`), the weight `W` as PyTorch stores it
//! (`n × k`, one output per row) and an optional bias. Output: `m × n`.
//!
//! Why not candle's matmul here: a decoding step multiplies 1 to ~16 rows by
//! large weights (the output projection alone is 59514 × 512, 122 MB), so it
//! is bound by reading the weights; gemm's tiles are made for many rows, and
//! its microkernel took 78 % of a 4-beam step of the full-size model with
//! half its lanes idle. This loop streams each weight row once and
//! takes its dot products with every input row while it is in L1, with
//! AVX2/FMA (or AVX-512) chosen at run time by `pulp`'s safe dispatch.

use pulp::{Arch, Simd, WithSimd};

/// The rows past which candle's gemm is the better product (the encoder's).
pub const MAX_ROWS: usize = 16;

struct Product<'a> {
    x: &'a [f32],
    w: &'a [f32],
    bias: Option<&'a [f32]>,
    k: usize,
    out: &'a mut [f32],
}

impl WithSimd for Product<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let Product { x, w, bias, k, out } = self;
        let m = x.len() / k;
        let n = w.len() / k;
        let rows: Vec<(&[S::f32s], &[f32])> = x.chunks_exact(k).map(|r| S::as_simd_f32s(r)).collect();
        let zero = simd.splat_f32s(0.0);
        for (j, wrow) in w.chunks_exact(k).enumerate() {
            let (wv, wt) = S::as_simd_f32s(wrow);
            let b = bias.map_or(0.0, |b| b[j]);
            // Four rows at a time: four independent FMA chains over one weight row.
            let mut r = 0;
            while r + 4 <= m {
                let (mut a0, mut a1, mut a2, mut a3) = (zero, zero, zero, zero);
                for (i, &wv) in wv.iter().enumerate() {
                    a0 = simd.mul_add_f32s(rows[r].0[i], wv, a0);
                    a1 = simd.mul_add_f32s(rows[r + 1].0[i], wv, a1);
                    a2 = simd.mul_add_f32s(rows[r + 2].0[i], wv, a2);
                    a3 = simd.mul_add_f32s(rows[r + 3].0[i], wv, a3);
                }
                for (q, acc) in [a0, a1, a2, a3].into_iter().enumerate() {
                    out[(r + q) * n + j] = simd.reduce_sum_f32s(acc) + tail(rows[r + q].1, wt) + b;
                }
                r += 4;
            }
            for (xv, xt) in &rows[r..] {
                // One row: four chains over the halves and quarters of k.
                let (mut a0, mut a1, mut a2, mut a3) = (zero, zero, zero, zero);
                let mut chunks = xv.chunks_exact(4).zip(wv.chunks_exact(4));
                for (xc, wc) in &mut chunks {
                    a0 = simd.mul_add_f32s(xc[0], wc[0], a0);
                    a1 = simd.mul_add_f32s(xc[1], wc[1], a1);
                    a2 = simd.mul_add_f32s(xc[2], wc[2], a2);
                    a3 = simd.mul_add_f32s(xc[3], wc[3], a3);
                }
                let done = xv.len() / 4 * 4;
                for (xv, wv) in xv[done..].iter().zip(&wv[done..]) {
                    a0 = simd.mul_add_f32s(*xv, *wv, a0);
                }
                let sum = simd.add_f32s(simd.add_f32s(a0, a1), simd.add_f32s(a2, a3));
                out[r * n + j] = simd.reduce_sum_f32s(sum) + tail(xt, wt) + b;
                r += 1;
            }
        }
    }
}

/// The scalar rest of a dot product, past the last full vector.
#[inline(always)]
fn tail(x: &[f32], w: &[f32]) -> f32 {
    x.iter().zip(w).map(|(a, b)| a * b).sum()
}

/// `x·Wᵀ + b`: `x` is `m × k`, `w` is `n × k`, the result `m × n`.
pub fn matmul_t(x: &[f32], w: &[f32], bias: Option<&[f32]>, k: usize) -> Vec<f32> {
    let m = x.len() / k;
    let n = w.len() / k;
    let mut out = vec![0f32; m * n];
    Arch::new().dispatch(Product { x, w, bias, k, out: &mut out });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain triple loop, in f64.
    fn naive(x: &[f32], w: &[f32], bias: Option<&[f32]>, k: usize) -> Vec<f32> {
        let (m, n) = (x.len() / k, w.len() / k);
        let mut out = vec![0f32; m * n];
        for r in 0..m {
            for j in 0..n {
                let dot: f64 = (0..k).map(|i| x[r * k + i] as f64 * w[j * k + i] as f64).sum();
                out[r * n + j] = (dot + bias.map_or(0.0, |b| b[j] as f64)) as f32;
            }
        }
        out
    }

    #[test]
    fn matmul_t_table() {
        // (rows, k, outputs): one row and several, k a multiple of the vector
        // width or not, fewer outputs than rows.
        let cases = [(1, 512, 7), (4, 512, 5), (5, 37, 9), (16, 64, 3), (3, 1, 2), (2, 100, 1)];
        let mut seed = 1u32;
        let mut next = || {
            seed = seed.wrapping_mul(1664525).wrapping_add(1013904223);
            (seed >> 8) as f32 / (1 << 24) as f32 - 0.5
        };
        for (m, k, n) in cases {
            let x: Vec<f32> = (0..m * k).map(|_| next()).collect();
            let w: Vec<f32> = (0..n * k).map(|_| next()).collect();
            let b: Vec<f32> = (0..n).map(|_| next()).collect();
            for bias in [None, Some(b.as_slice())] {
                let got = matmul_t(&x, &w, bias, k);
                let want = naive(&x, &w, bias, k);
                assert_eq!(got.len(), m * n);
                for (g, w) in got.iter().zip(&want) {
                    assert!((g - w).abs() < 1e-4, "{m}×{k}·{n}: {g} vs {w}");
                }
            }
        }
    }
}
