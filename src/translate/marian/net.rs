//! The Marian encoder-decoder network, as transformers' `modeling_marian.py`
//! computes it, on candle tensors (f32, CPU).
//!
//! Input: the weights of a [`Weights`] file and the [`NetConfig`] read from
//! `config.json`. Output: the encoder's states for a sentence
//! ([`Net::encode`]) and, one decoding step at a time, the next-token logits
//! of every beam ([`Net::step`]), with a key-value [`Cache`] that beam search
//! reorders ([`Cache::reorder`]).
//!
//! Written here rather than taken from candle-transformers' `marian` because
//! beam search needs a cache it can reorder per beam, the cross-attention keys
//! and values are computed once per sentence, and every step works on all the
//! beams at once. The architecture is the reference's: token embeddings scaled
//! by √d_model when `scale_embedding`, sinusoidal positions built as
//! `MarianSinusoidalPositionalEmbedding` builds them (in f64, sines in the
//! first half, cosines in the second), post-norm layers (residual, then
//! `LayerNorm` with eps 1e-5), the configured activation, shared embeddings,
//! the output projection tied to the decoder's embeddings, plus
//! `final_logits_bias`.

use super::dot;
use super::weights::Weights;
use candle_core::{CpuStorage, D, DType, Device, Result, Storage, Tensor};

/// The activations transformers' `ACT2FN` maps Marian's `activation_function` to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Activation {
    /// `swish`, `silu` (opus-mt): x·σ(x).
    Silu,
    /// `gelu`: the exact (erf) form.
    Gelu,
    /// `gelu_new`, `gelu_pytorch_tanh`, `gelu_fast`: the tanh approximation.
    GeluTanh,
    Relu,
}

impl Activation {
    /// The activation named in `config.json`; `None` for a name transformers
    /// maps to something this code does not implement.
    pub fn from_name(name: &str) -> Option<Activation> {
        Some(match name {
            "swish" | "silu" => Activation::Silu,
            "gelu" => Activation::Gelu,
            "gelu_new" | "gelu_pytorch_tanh" | "gelu_fast" => Activation::GeluTanh,
            "relu" => Activation::Relu,
            _ => return None,
        })
    }

    fn apply(self, x: &Tensor) -> Result<Tensor> {
        match self {
            Activation::Silu => x.silu(),
            Activation::Gelu => x.gelu_erf(),
            Activation::GeluTanh => x.gelu(),
            Activation::Relu => x.relu(),
        }
    }
}

/// The shape of the network, from `config.json`.
#[derive(Debug, Clone)]
pub struct NetConfig {
    pub d_model: usize,
    pub encoder_layers: usize,
    pub decoder_layers: usize,
    pub encoder_heads: usize,
    pub decoder_heads: usize,
    pub max_positions: usize,
    pub scale_embedding: bool,
    pub activation: Activation,
    pub share_embeddings: bool,
    pub tie_word_embeddings: bool,
}

/// `nn.Linear`: `y = x·Wᵀ + b`, the weight `(out, in)` as PyTorch stores it.
struct Linear {
    w: Tensor,
    b: Option<Tensor>,
}

/// The f32 values of a contiguous CPU tensor, to `f`.
fn with_values<R>(t: &Tensor, f: impl FnOnce(&[f32]) -> R) -> Result<R> {
    let (storage, layout) = t.storage_and_layout();
    let Some((start, end)) = layout.contiguous_offsets() else {
        candle_core::bail!("a weight is not contiguous");
    };
    match &*storage {
        Storage::Cpu(CpuStorage::F32(v)) => Ok(f(&v[start..end])),
        _ => candle_core::bail!("a weight is not f32 on the CPU"),
    }
}

impl Linear {
    fn load(w: &Weights, name: &str, bias: bool) -> std::result::Result<Linear, String> {
        let weight = w.tensor(&format!("{name}.weight"))?.contiguous().map_err(err)?;
        let b = if bias { Some(w.tensor(&format!("{name}.bias"))?.flatten_all().map_err(err)?) } else { None };
        Ok(Linear { w: weight, b })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let (rows, k) = x.dims2()?;
        if rows > dot::MAX_ROWS {
            let y = x.matmul(&self.w.t()?)?;
            return match &self.b {
                Some(b) => y.broadcast_add(b),
                None => Ok(y),
            };
        }
        // A decoding step's few rows: the weights read once (see `dot`).
        let xs: Vec<f32> = x.flatten_all()?.to_vec1()?;
        let y = with_values(&self.w, |w| match &self.b {
            Some(b) => with_values(b, |b| dot::matmul_t(&xs, w, Some(b), k)),
            None => Ok(dot::matmul_t(&xs, w, None, k)),
        })??;
        let n = y.len() / rows.max(1);
        Tensor::from_vec(y, (rows, n), &Device::Cpu)
    }
}

/// `nn.LayerNorm(d_model)`, eps 1e-5, computed in two passes (mean, then the
/// variance about it) as PyTorch does, not as E[x²] − E[x]².
struct Norm {
    w: Tensor,
    b: Tensor,
}

impl Norm {
    fn load(w: &Weights, name: &str) -> std::result::Result<Norm, String> {
        Ok(Norm { w: w.tensor(&format!("{name}.weight"))?, b: w.tensor(&format!("{name}.bias"))? })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let centred = x.broadcast_sub(&x.mean_keepdim(D::Minus1)?)?;
        let var = centred.sqr()?.mean_keepdim(D::Minus1)?;
        let normed = centred.broadcast_div(&(var + 1e-5)?.sqrt()?)?;
        normed.broadcast_mul(&self.w)?.broadcast_add(&self.b)
    }
}

/// `MarianAttention`'s four projections.
struct Attention {
    q: Linear,
    k: Linear,
    v: Linear,
    o: Linear,
    heads: usize,
}

impl Attention {
    fn load(w: &Weights, name: &str, heads: usize) -> std::result::Result<Attention, String> {
        Ok(Attention {
            q: Linear::load(w, &format!("{name}.q_proj"), true)?,
            k: Linear::load(w, &format!("{name}.k_proj"), true)?,
            v: Linear::load(w, &format!("{name}.v_proj"), true)?,
            o: Linear::load(w, &format!("{name}.out_proj"), true)?,
            heads,
        })
    }

    /// `(n, d)` → `(heads, n, head_dim)`.
    fn split(&self, x: &Tensor) -> Result<Tensor> {
        let (n, d) = x.dims2()?;
        x.reshape((n, self.heads, d / self.heads))?.transpose(0, 1)?.contiguous()
    }

    /// `(heads, n, head_dim)` → `(n, d)`.
    fn join(x: &Tensor) -> Result<Tensor> {
        let (h, n, hd) = x.dims3()?;
        x.transpose(0, 1)?.contiguous()?.reshape((n, h * hd))
    }

    /// softmax(q·kᵀ/√head_dim)·v over the last two dimensions. No mask:
    /// transformers 5 gives an encoder-decoder's `generate()` none unless the
    /// caller does (one sentence has no padding), and each decoding step only
    /// sees the past.
    fn attend(q: &Tensor, k: &Tensor, v: &Tensor) -> Result<Tensor> {
        let hd = q.dim(D::Minus1)?;
        let scores = (q.matmul(&k.t()?)? * (hd as f64).powf(-0.5))?;
        candle_nn::ops::softmax_last_dim(&scores)?.matmul(v)
    }

    /// Self-attention over a whole sequence `(n, d)` (the encoder's).
    fn full(&self, x: &Tensor) -> Result<Tensor> {
        let q = self.split(&self.q.forward(x)?)?;
        let k = self.split(&self.k.forward(x)?)?;
        let v = self.split(&self.v.forward(x)?)?;
        self.o.forward(&Self::join(&Self::attend(&q, &k, &v)?)?)
    }
}

/// The parts of a layer that the encoder's and the decoder's share:
/// self-attention and the feed-forward block, each followed by its norm.
struct EncoderLayer {
    attn: Attention,
    attn_norm: Norm,
    fc1: Linear,
    fc2: Linear,
    ffn_norm: Norm,
}

impl EncoderLayer {
    fn load(w: &Weights, p: &str, heads: usize) -> std::result::Result<EncoderLayer, String> {
        Ok(EncoderLayer {
            attn: Attention::load(w, &format!("{p}.self_attn"), heads)?,
            attn_norm: Norm::load(w, &format!("{p}.self_attn_layer_norm"))?,
            fc1: Linear::load(w, &format!("{p}.fc1"), true)?,
            fc2: Linear::load(w, &format!("{p}.fc2"), true)?,
            ffn_norm: Norm::load(w, &format!("{p}.final_layer_norm"))?,
        })
    }

    /// The feed-forward block with its residual and norm.
    fn feed_forward(&self, x: Tensor, activation: Activation) -> Result<Tensor> {
        let h = self.fc2.forward(&activation.apply(&self.fc1.forward(&x)?)?)?;
        self.ffn_norm.forward(&(x + h)?)
    }
}

/// A decoder layer: an encoder layer's parts plus cross-attention.
struct DecoderLayer {
    own: EncoderLayer,
    cross: Attention,
    cross_norm: Norm,
}

/// The network's weights.
pub struct Net {
    pub cfg: NetConfig,
    enc_embed: Tensor,
    dec_embed: Tensor,
    /// The output projection `(target vocabulary, d_model)` (the decoder's
    /// embeddings when tied, not a copy), with `final_logits_bias`.
    lm_head: Linear,
    positions: Tensor,
    encoder: Vec<EncoderLayer>,
    decoder: Vec<DecoderLayer>,
}

/// The encoder's output as the decoder reads it: per decoder layer, the
/// cross-attention keys and values `(heads, source length, head_dim)`,
/// computed once per sentence and shared by all the beams.
pub struct Encoded {
    keys: Vec<Tensor>,
    values: Vec<Tensor>,
}

/// The decoder's self-attention keys and values so far, per layer
/// `(rows·heads, steps, head_dim)`, a row being one beam of one sentence.
pub struct Cache {
    keys: Vec<Tensor>,
    values: Vec<Tensor>,
    len: usize,
}

impl Cache {
    /// Keeps, for each new row, the cache of the row it continues (`from[i]`
    /// is the old row of new row `i`): beams reordered, finished sentences
    /// dropped.
    pub fn reorder(&mut self, from: &[u32], heads: usize) -> Result<()> {
        if self.len == 0 {
            return Ok(());
        }
        let rows: Vec<u32> = from.iter().flat_map(|&b| (0..heads as u32).map(move |h| b * heads as u32 + h)).collect();
        let rows = Tensor::new(rows.as_slice(), &Device::Cpu)?;
        for t in self.keys.iter_mut().chain(self.values.iter_mut()) {
            *t = t.index_select(&rows, 0)?;
        }
        Ok(())
    }
}

/// The sinusoidal table of `MarianSinusoidalPositionalEmbedding._init_weight`:
/// angle `pos / 10000^(2·(j/2)/dim)` in f64, sines of the even columns in the
/// first half, cosines of the odd ones in the second, then cast to f32.
pub fn sinusoidal_positions(n_pos: usize, dim: usize) -> Vec<f32> {
    let sentinel = dim / 2 + dim % 2;
    let mut out = vec![0f32; n_pos * dim];
    for pos in 0..n_pos {
        let row = &mut out[pos * dim..(pos + 1) * dim];
        for j in 0..dim {
            let angle = pos as f64 / 10000f64.powf(2.0 * (j / 2) as f64 / dim as f64);
            if j % 2 == 0 {
                row[j / 2] = angle.sin() as f32;
            } else {
                row[sentinel + j / 2] = angle.cos() as f32;
            }
        }
    }
    out
}

fn err(e: candle_core::Error) -> String {
    e.to_string()
}

impl Net {
    /// Builds the network from its weights; the error names the missing or
    /// misshapen tensor.
    pub fn load(cfg: NetConfig, w: &Weights) -> std::result::Result<Net, String> {
        let shared = if cfg.share_embeddings { w.optional("model.shared.weight")? } else { None };
        // Shared embeddings are tied to `model.shared.weight`, whatever the sides hold.
        let embed = |side: &str| -> std::result::Result<Tensor, String> {
            if let Some(t) = &shared {
                return Ok(t.clone());
            }
            w.optional(&format!("model.{side}.embed_tokens.weight"))?
                .ok_or_else(|| format!("it has neither model.{side}.embed_tokens.weight nor model.shared.weight"))
        };
        let enc_embed = embed("encoder")?;
        let dec_embed = embed("decoder")?;
        let lm_head = if cfg.tie_word_embeddings { dec_embed.clone() } else { w.tensor("lm_head.weight")? };
        let target_vocab = lm_head.dim(0).map_err(err)?;
        let final_logits_bias = match w.optional("final_logits_bias")? {
            Some(b) => b.flatten_all().map_err(err)?,
            None => Tensor::zeros(target_vocab, DType::F32, &Device::Cpu).map_err(err)?,
        };
        for (name, t) in [("the embeddings", &enc_embed), ("the decoder's embeddings", &dec_embed)] {
            if t.dim(1).map_err(err)? != cfg.d_model {
                return Err(format!("{name} have {:?} values, config.json says d_model {}", t.dims(), cfg.d_model));
            }
        }
        if final_logits_bias.dim(0).map_err(err)? != target_vocab {
            return Err(format!(
                "final_logits_bias has {:?} values for {target_vocab} words",
                final_logits_bias.dims()
            ));
        }
        let positions = Tensor::from_vec(
            sinusoidal_positions(cfg.max_positions, cfg.d_model),
            (cfg.max_positions, cfg.d_model),
            &Device::Cpu,
        )
        .map_err(err)?;
        let encoder = (0..cfg.encoder_layers)
            .map(|i| EncoderLayer::load(w, &format!("model.encoder.layers.{i}"), cfg.encoder_heads))
            .collect::<std::result::Result<Vec<_>, String>>()?;
        let mut decoder = Vec::with_capacity(cfg.decoder_layers);
        for i in 0..cfg.decoder_layers {
            let p = format!("model.decoder.layers.{i}");
            decoder.push(DecoderLayer {
                own: EncoderLayer::load(w, &p, cfg.decoder_heads)?,
                cross: Attention::load(w, &format!("{p}.encoder_attn"), cfg.decoder_heads)?,
                cross_norm: Norm::load(w, &format!("{p}.encoder_attn_layer_norm"))?,
            });
        }
        let lm_head = Linear { w: lm_head, b: Some(final_logits_bias) };
        Ok(Net { cfg, enc_embed, dec_embed, lm_head, positions, encoder, decoder })
    }

    /// The size of the target vocabulary (the logits' width).
    pub fn target_vocab(&self) -> usize {
        self.lm_head.w.dims()[0]
    }

    /// The size of the source vocabulary (ids the encoder accepts).
    pub fn source_vocab(&self) -> usize {
        self.enc_embed.dims()[0]
    }

    fn embed_scale(&self) -> f64 {
        if self.cfg.scale_embedding { (self.cfg.d_model as f64).sqrt() } else { 1.0 }
    }

    /// Runs the encoder on one sentence (at most `max_positions` ids) and
    /// returns what every decoding step of it reads.
    pub fn encode(&self, ids: &[u32]) -> Result<Encoded> {
        let dev = Device::Cpu;
        let n = ids.len();
        let input = Tensor::new(ids, &dev)?;
        let x = (self.enc_embed.embedding(&input)? * self.embed_scale())?;
        let mut x = x.broadcast_add(&self.positions.narrow(0, 0, n)?)?;
        for layer in &self.encoder {
            let h = layer.attn.full(&x)?;
            x = layer.feed_forward(layer.attn_norm.forward(&(x + h)?)?, self.cfg.activation)?;
        }
        let mut keys = Vec::with_capacity(self.decoder.len());
        let mut values = Vec::with_capacity(self.decoder.len());
        for layer in &self.decoder {
            keys.push(layer.cross.split(&layer.cross.k.forward(&x)?)?);
            values.push(layer.cross.split(&layer.cross.v.forward(&x)?)?);
        }
        Ok(Encoded { keys, values })
    }

    /// An empty cache for a new sentence.
    pub fn cache(&self) -> Cache {
        Cache { keys: Vec::new(), values: Vec::new(), len: 0 }
    }

    /// One decoding step for several sentences at once: `groups` lists, in
    /// row order, each sentence's number of rows (its beams) and its encoder
    /// output; `tokens[r]` is the last token of row `r`, at position
    /// `cache.len` (all rows advance together). Returns the logits
    /// `(rows, target vocabulary)` and adds the step to the cache.
    ///
    /// The sentences share every weight read: one step costs little more
    /// for all of them than for one, the weights being the memory traffic.
    pub fn step(&self, tokens: &[u32], groups: &[(usize, &Encoded)], cache: &mut Cache) -> Result<Tensor> {
        let dev = Device::Cpu;
        let rows = tokens.len();
        if groups.iter().map(|g| g.0).sum::<usize>() != rows {
            candle_core::bail!("{rows} tokens for {} rows", groups.iter().map(|g| g.0).sum::<usize>());
        }
        let pos = cache.len;
        if pos >= self.cfg.max_positions {
            candle_core::bail!("the decoder has only {} positions", self.cfg.max_positions);
        }
        let input = Tensor::new(tokens, &dev)?;
        let x = (self.dec_embed.embedding(&input)? * self.embed_scale())?;
        let mut x = x.broadcast_add(&self.positions.narrow(0, pos, 1)?)?;
        let heads = self.cfg.decoder_heads;
        let hd = self.cfg.d_model / heads;
        for (i, layer) in self.decoder.iter().enumerate() {
            // Self-attention: each row's query against its own past.
            let a = &layer.own.attn;
            let q = a.q.forward(&x)?.reshape((rows * heads, 1, hd))?;
            let k = a.k.forward(&x)?.reshape((rows * heads, 1, hd))?;
            let v = a.v.forward(&x)?.reshape((rows * heads, 1, hd))?;
            let (k, v) = if pos == 0 {
                (k, v)
            } else {
                (Tensor::cat(&[&cache.keys[i], &k], 1)?, Tensor::cat(&[&cache.values[i], &v], 1)?)
            };
            let h = Attention::attend(&q, &k, &v)?.reshape((rows, heads * hd))?;
            if pos == 0 {
                cache.keys.push(k);
                cache.values.push(v);
            } else {
                cache.keys[i] = k;
                cache.values[i] = v;
            }
            let h = a.o.forward(&h)?;
            x = layer.own.attn_norm.forward(&(x + h)?)?;
            // Cross-attention, per sentence: its rows are the queries of one
            // product per head against its source.
            let c = &layer.cross;
            let q = c.q.forward(&x)?;
            let mut parts = Vec::with_capacity(groups.len());
            let mut start = 0;
            for (n, enc) in groups {
                let q = c.split(&q.narrow(0, start, *n)?)?;
                parts.push(Attention::join(&Attention::attend(&q, &enc.keys[i], &enc.values[i])?)?);
                start += n;
            }
            let h = if parts.len() == 1 { parts.swap_remove(0) } else { Tensor::cat(&parts, 0)? };
            let h = c.o.forward(&h)?;
            x = layer.own.feed_forward(layer.cross_norm.forward(&(x + h)?)?, self.cfg.activation)?;
        }
        cache.len += 1;
        self.lm_head.forward(&x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sinusoidal_positions_table() {
        // (n_pos, dim, position, column, value): sines first, cosines after.
        let cases: [(usize, usize, usize, usize, f64); 7] = [
            (4, 4, 0, 0, 0.0),
            (4, 4, 0, 2, 1.0),
            (4, 4, 1, 0, 1f64.sin()),
            (4, 4, 1, 2, 1f64.cos()),
            (4, 4, 1, 1, (1.0 / 100f64).sin()),
            (4, 4, 3, 3, (3.0 / 100f64).cos()),
            // Odd width: one more sine column than cosine columns.
            (3, 5, 2, 3, 2f64.cos()),
        ];
        for (n, dim, pos, col, want) in cases {
            let t = sinusoidal_positions(n, dim);
            assert!((t[pos * dim + col] as f64 - want).abs() < 1e-7, "{n} {dim} {pos} {col}: {}", t[pos * dim + col]);
        }
    }

    #[test]
    fn activation_names_table() {
        let cases = [
            ("swish", Some(Activation::Silu)),
            ("silu", Some(Activation::Silu)),
            ("gelu", Some(Activation::Gelu)),
            ("gelu_new", Some(Activation::GeluTanh)),
            ("relu", Some(Activation::Relu)),
            ("tanh", None),
        ];
        for (name, want) in cases {
            assert_eq!(Activation::from_name(name), want, "{name}");
        }
    }
}
