//! An answer as Python objects, straight from its `Serialize` impl.
//!
//! Input: any of the library's answer types (plain data: structs, strings,
//! numbers, options, lists). Output: the `dict` (and its `list`s, `str`s,
//! `int`s, `float`s, `bool`s, `None`s) that `json.loads` gives for the JSON
//! text serde_json writes of it, keys in the same order. Writing the JSON in
//! Rust (its escaping) and reading it back in Python were a sixth of a
//! summary's time from Python; this builds the same objects in one walk.
//! What serde_json writes differently from the value is written the same way
//! here: a non-finite float is `None`, an `f32` reads as its shortest decimal,
//! a map's keys are strings, an enum's variant with data is `{name: data}`.

use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rustc_hash::FxHashMap;
use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::fmt;

/// `value` as the Python objects `json.loads(serde_json::to_string(value))` gives.
pub fn to_py<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    value.serialize(ToPy(py)).map_err(|e| e.0)
}

/// A Python error met while building, or a value JSON has no form for.
#[derive(Debug)]
pub struct Error(PyErr);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for Error {
    fn from(err: PyErr) -> Self {
        Error(err)
    }
}

type Out<'py> = Result<Bound<'py, PyAny>, Error>;

#[derive(Clone, Copy)]
struct ToPy<'py>(Python<'py>);

impl<'py> ToPy<'py> {
    fn int(self, value: impl IntoPyObject<'py>) -> Out<'py> {
        Ok(value.into_bound_py_any(self.0)?)
    }

    fn str(self, s: &str) -> Out<'py> {
        Ok(PyString::new(self.0, s).into_any())
    }

    /// `{name: value}`, as serde_json writes an enum's variant with data.
    fn tagged(self, name: &'static str, value: Bound<'py, PyAny>) -> Out<'py> {
        let dict = PyDict::new(self.0);
        dict.set_item(self.name(name), value)?;
        Ok(dict.into_any())
    }

    /// A field's or a variant's name as a Python string, made once per name:
    /// names are few and repeat from one answer to the next (interning one
    /// each time was a tenth of the building).
    fn name(self, name: &'static str) -> Bound<'py, PyString> {
        thread_local! {
            static NAMES: RefCell<FxHashMap<(usize, usize), Py<PyString>>> = RefCell::default();
        }
        NAMES.with_borrow_mut(|names| {
            // (A name's text is static: its address stands for it.)
            names
                .entry((name.as_ptr() as usize, name.len()))
                .or_insert_with(|| PyString::intern(self.0, name).unbind())
                .bind(self.0)
                .clone()
        })
    }
}

/// Every integer type is a Python `int`.
macro_rules! integers {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Out<'py> {
            self.int(v)
        }
    )*};
}

impl<'py> ser::Serializer for ToPy<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = Seq<'py>;
    type SerializeTuple = Seq<'py>;
    type SerializeTupleStruct = Seq<'py>;
    type SerializeTupleVariant = Seq<'py>;
    type SerializeMap = Map<'py>;
    type SerializeStruct = Map<'py>;
    type SerializeStructVariant = Map<'py>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        Ok(pyo3::types::PyBool::new(self.0, v).to_owned().into_any())
    }
    integers!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128
    );
    fn serialize_f32(self, v: f32) -> Out<'py> {
        // serde_json writes an f32's shortest decimal, which Python reads as the nearest f64.
        let shortest = v.to_string().parse::<f64>().unwrap_or(f64::from(v));
        self.serialize_f64(if v.is_finite() { shortest } else { f64::NAN })
    }
    fn serialize_f64(self, v: f64) -> Out<'py> {
        // serde_json writes a non-finite float as `null`.
        if !v.is_finite() {
            return self.serialize_unit();
        }
        Ok(pyo3::types::PyFloat::new(self.0, v).into_any())
    }
    fn serialize_char(self, v: char) -> Out<'py> {
        self.str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Out<'py> {
        self.str(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Out<'py> {
        Ok(PyList::new(self.0, v)?.into_any())
    }
    fn serialize_none(self) -> Out<'py> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Out<'py> {
        Ok(self.0.None().into_bound(self.0))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out<'py> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Out<'py> {
        self.str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Out<'py> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Out<'py> {
        let value = value.serialize(self)?;
        self.tagged(variant, value)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'py>, Error> {
        Ok(Seq { to: self, items: Vec::with_capacity(len.unwrap_or(0)), variant: None })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq<'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'py>, Error> {
        Ok(Seq { to: self, items: Vec::with_capacity(len), variant: Some(variant) })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'py>, Error> {
        Ok(Map { to: self, dict: PyDict::new(self.0), key: None, variant: None })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Map<'py>, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Map<'py>, Error> {
        Ok(Map { to: self, dict: PyDict::new(self.0), key: None, variant: Some(variant) })
    }
}

/// A list being filled (an enum's variant's, to be tagged, when `variant` is set).
pub struct Seq<'py> {
    to: ToPy<'py>,
    items: Vec<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'py> Seq<'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(value.serialize(self.to)?);
        Ok(())
    }

    fn done(self) -> Out<'py> {
        let list = PyList::new(self.to.0, self.items)?.into_any();
        match self.variant {
            Some(variant) => self.to.tagged(variant, list),
            None => Ok(list),
        }
    }
}

/// serde's four kinds of sequence (a list, a tuple, a tuple struct, a tuple
/// variant) are one list here: each trait's element method pushes, `end` makes it.
macro_rules! seq_kind {
    ($($kind:ident :: $element:ident),*) => {$(
        impl<'py> ser::$kind for Seq<'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn $element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.push(value)
            }
            fn end(self) -> Out<'py> {
                self.done()
            }
        }
    )*};
}

seq_kind!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// A dict being filled: a map's key waits for its value; a struct's fields
/// come with theirs (an enum's variant's, to be tagged, when `variant` is set).
pub struct Map<'py> {
    to: ToPy<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    variant: Option<&'static str>,
}

impl<'py> Map<'py> {
    fn done(self) -> Out<'py> {
        let dict = self.dict.into_any();
        match self.variant {
            Some(variant) => self.to.tagged(variant, dict),
            None => Ok(dict),
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.dict.set_item(self.to.name(key), value.serialize(self.to)?)?;
        Ok(())
    }
}

impl<'py> ser::SerializeMap for Map<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        // JSON's keys are strings: serde_json writes a number's or a bool's as one.
        let key = key.serialize(self.to)?;
        self.key = Some(if key.is_instance_of::<PyString>() {
            key
        } else if let Ok(b) = key.cast::<pyo3::types::PyBool>() {
            self.to.str(if b.is_true() { "true" } else { "false" })?
        } else if key.is_instance_of::<pyo3::types::PyInt>() {
            key.str()?.into_any()
        } else {
            return Err(<Error as ser::Error>::custom("a map's key must be a string or a number"));
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().ok_or_else(|| <Error as ser::Error>::custom("a map's value without its key"))?;
        self.dict.set_item(key, value.serialize(self.to)?)?;
        Ok(())
    }
    fn end(self) -> Out<'py> {
        self.done()
    }
}

/// A struct's and a struct variant's fields are a dict's named entries.
macro_rules! struct_kind {
    ($($kind:ident),*) => {$(
        impl<'py> ser::$kind for Map<'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Out<'py> {
                self.done()
            }
        }
    )*};
}

struct_kind!(SerializeStruct, SerializeStructVariant);
