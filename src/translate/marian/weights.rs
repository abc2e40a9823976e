//! The weights of a Marian model, from `model.safetensors` or, when that is
//! absent, from PyTorch's `pytorch_model.bin`.
//!
//! Input: the file's path. Output: f32 tensors by name ([`Weights::tensor`]).
//!
//! Safetensors are read tensor by tensor from the file (the JSON header, then
//! each tensor's bytes at its offset) rather than through a buffer of the
//! whole file: loading then never holds more than the weights plus one
//! chunk, where a buffered read holds the file twice, and no `unsafe` mmap is
//! needed. PyTorch pickles are read with candle's `pickle::PthTensors`, which
//! also reads one tensor at a time. Tensors stored in f16 or bf16 are widened
//! to f32, the precision transformers computes in.

use candle_core::{DType, Device, Tensor};
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where one safetensors tensor lies in the file.
pub struct Entry {
    dtype: DType,
    shape: Vec<usize>,
    /// Byte offsets, from the end of the header.
    start: u64,
    end: u64,
}

/// An open weights file.
pub enum Weights {
    Safetensors { path: PathBuf, file: Mutex<File>, data_start: u64, entries: HashMap<String, Entry> },
    Pth { path: PathBuf, tensors: candle_core::pickle::PthTensors },
}

/// The header of a safetensors file is JSON; anything larger than this is not one.
const MAX_HEADER: u64 = 100 << 20;
/// The bytes read (and converted) at a time.
const CHUNK: usize = 1 << 20;

fn dtype(name: &str) -> Option<DType> {
    Some(match name {
        "F32" => DType::F32,
        "F16" => DType::F16,
        "BF16" => DType::BF16,
        "F64" => DType::F64,
        _ => return None,
    })
}

impl Weights {
    /// Opens `path`, a `.safetensors` file or a PyTorch pickle (by its extension).
    pub fn open(path: &Path) -> Result<Weights, String> {
        let is_safetensors = path.extension().is_some_and(|e| e == "safetensors");
        if !is_safetensors {
            let tensors = candle_core::pickle::PthTensors::new(path, None).map_err(|e| e.to_string())?;
            return Ok(Weights::Pth { path: path.to_path_buf(), tensors });
        }
        let mut file = File::open(path).map_err(|e| e.to_string())?;
        let file_len = file.metadata().map_err(|e| e.to_string())?.len();
        let mut len = [0u8; 8];
        file.read_exact(&mut len).map_err(|e| format!("not a safetensors file ({e})"))?;
        let header_len = u64::from_le_bytes(len);
        if header_len > MAX_HEADER || header_len + 8 > file_len {
            return Err(format!("not a safetensors file (a header of {header_len} bytes in {file_len})"));
        }
        let mut header = vec![0u8; header_len as usize];
        file.read_exact(&mut header).map_err(|e| e.to_string())?;
        let header: HashMap<String, serde_json::Value> =
            serde_json::from_slice(&header).map_err(|e| format!("its header is not JSON: {e}"))?;
        let data_start = 8 + header_len;
        let mut entries = HashMap::new();
        for (name, v) in header {
            if name == "__metadata__" {
                continue;
            }
            let bad = || format!("its header entry {name} is malformed");
            let dt = v["dtype"].as_str().ok_or_else(bad)?;
            let dt = dtype(dt).ok_or_else(|| format!("{name} is stored as {dt}, not as floating point"))?;
            let shape: Vec<usize> = v["shape"]
                .as_array()
                .ok_or_else(bad)?
                .iter()
                .map(|d| d.as_u64().map(|d| d as usize).ok_or_else(bad))
                .collect::<Result<_, _>>()?;
            let offsets = v["data_offsets"].as_array().ok_or_else(bad)?;
            let (Some(start), Some(end)) =
                (offsets.first().and_then(|o| o.as_u64()), offsets.get(1).and_then(|o| o.as_u64()))
            else {
                return Err(bad());
            };
            let want = shape.iter().product::<usize>() as u64 * dt.size_in_bytes() as u64;
            if end < start || end - start != want || data_start + end > file_len {
                return Err(format!("{name} does not fit its place in the file: is the file complete?"));
            }
            entries.insert(name, Entry { dtype: dt, shape, start, end });
        }
        Ok(Weights::Safetensors { path: path.to_path_buf(), file: Mutex::new(file), data_start, entries })
    }

    /// The file read.
    pub fn path(&self) -> &Path {
        match self {
            Weights::Safetensors { path, .. } | Weights::Pth { path, .. } => path,
        }
    }

    /// The tensor `name` as f32; an error names it when it is missing.
    pub fn tensor(&self, name: &str) -> Result<Tensor, String> {
        self.optional(name)?.ok_or_else(|| format!("it has no tensor {name}"))
    }

    /// The tensor `name` as f32, if the file has it.
    pub fn optional(&self, name: &str) -> Result<Option<Tensor>, String> {
        let t = match self {
            Weights::Pth { tensors, .. } => tensors.get(name).map_err(|e| format!("{name}: {e}"))?,
            Weights::Safetensors { file, data_start, entries, .. } => match entries.get(name) {
                None => None,
                Some(e) => {
                    let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
                    Some(read_entry(&mut file, *data_start, e).map_err(|err| format!("{name}: {err}"))?)
                }
            },
        };
        match t {
            None => Ok(None),
            Some(t) if t.dtype() == DType::F32 => Ok(Some(t)),
            Some(t) => t.to_dtype(DType::F32).map(Some).map_err(|e| format!("{name}: {e}")),
        }
    }
}

/// Reads one tensor, converting the little-endian bytes chunk by chunk.
fn read_entry(file: &mut File, data_start: u64, e: &Entry) -> Result<Tensor, String> {
    file.seek(SeekFrom::Start(data_start + e.start)).map_err(|e| e.to_string())?;
    let n = (e.end - e.start) as usize;
    let mut buf = vec![0u8; CHUNK.min(n)];
    let dev = &Device::Cpu;
    let shape = e.shape.clone();
    if e.dtype != DType::F32 {
        // Half-precision files are rare: read them whole, widen afterwards.
        let mut bytes = vec![0u8; n];
        file.read_exact(&mut bytes).map_err(|e| e.to_string())?;
        return Tensor::from_raw_buffer(&bytes, e.dtype, &shape, dev).map_err(|e| e.to_string());
    }
    let mut out: Vec<f32> = Vec::with_capacity(n / 4);
    let mut left = n;
    while left > 0 {
        let take = left.min(buf.len());
        file.read_exact(&mut buf[..take]).map_err(|e| e.to_string())?;
        out.extend(buf[..take].chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])));
        left -= take;
    }
    Tensor::from_vec(out, shape, dev).map_err(|e| e.to_string())
}
