//! JSON Canonicalization Scheme (JCS, RFC 8785).
//!
//! Object members are sorted by the UTF-16 code units of their names, numbers are written as
//! ECMAScript's `Number.prototype.toString` writes IEEE 754 doubles, strings are escaped as
//! `JSON.stringify` escapes them, and no whitespace is emitted.

use serde_json::{Number, Value};

use crate::error::{Error, Path};
use crate::view::ObjectView;

/// Serializes `value` in the canonical form of RFC 8785 (JCS).
///
/// ```
/// let value = serde_json::json!({"b": [1e21, 0.1, -0.0], "a": "é\u{1}", "€": 1, "😀": 2});
/// let canonical = microcred_canon::jcs(&value)?;
/// assert_eq!(canonical, r#"{"a":"é\u0001","b":[1e+21,0.1,0],"€":1,"😀":2}"#);
/// # Ok::<(), microcred_canon::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::NumberOutOfRange`] for a number that is not a finite double (possible only when
/// `serde_json`'s `arbitrary_precision` feature is enabled).
pub fn jcs(value: &Value) -> Result<String, Error> {
    let mut out = String::new();
    write_value(&mut out, value, &Path::Root)?;
    Ok(out)
}

/// The JCS form of a JSON object read through an [`ObjectView`]: the same as [`jcs`] of
/// [`ObjectView::to_value`], without copying the object.
///
/// ```
/// use microcred_canon::{ObjectView, jcs_view};
/// let signed = serde_json::json!({"b": 1, "a": 2, "proof": {"proofValue": "z"}});
/// let view = ObjectView::new(signed.as_object().unwrap(), &[("proof", None)]);
/// assert_eq!(jcs_view(view)?, r#"{"a":2,"b":1}"#);
/// # Ok::<(), microcred_canon::Error>(())
/// ```
///
/// # Errors
///
/// As [`jcs`].
pub fn jcs_view(view: ObjectView<'_>) -> Result<String, Error> {
    let mut out = String::new();
    write_members(&mut out, view.members().collect(), &Path::Root)?;
    Ok(out)
}

fn write_members(out: &mut String, mut entries: Vec<(&str, &Value)>, path: &Path<'_>) -> Result<(), Error> {
    entries.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    out.push('{');
    for (i, (key, item)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, key);
        out.push(':');
        write_value(out, item, &path.key(key))?;
    }
    out.push('}');
    Ok(())
}

/// Appends the JCS form of `value` to `out`.
pub(crate) fn write_value(out: &mut String, value: &Value, path: &Path<'_>) -> Result<(), Error> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(out, n, path)?,
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item, &path.index(i))?;
            }
            out.push(']');
        }
        Value::Object(map) => write_members(out, map.iter().map(|(k, v)| (k.as_str(), v)).collect(), path)?,
    }
    Ok(())
}

fn write_number(out: &mut String, n: &Number, path: &Path<'_>) -> Result<(), Error> {
    let x = n
        .as_f64()
        .filter(|x| x.is_finite())
        .ok_or_else(|| Error::NumberOutOfRange {
            number: n.to_string(),
            path: path.to_string(),
        })?;
    write_es_number(out, x);
    Ok(())
}

/// Writes a finite double as ECMAScript's `Number.prototype.toString()` (radix 10) does.
pub(crate) fn write_es_number(out: &mut String, x: f64) {
    if x == 0.0 || !x.is_finite() {
        // -0 prints as "0"; non-finite values cannot come from JSON.
        out.push('0');
        return;
    }
    let mut buffer = ryu_js::Buffer::new();
    out.push_str(buffer.format_finite(x));
}

/// Writes a JSON string as ECMAScript's `JSON.stringify` does.
pub(crate) fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es(x: f64) -> String {
        let mut s = String::new();
        write_es_number(&mut s, x);
        s
    }

    #[test]
    fn numbers_follow_ecmascript() {
        // RFC 8785 Appendix B sample values.
        let cases: &[(u64, &str)] = &[
            (0x0000_0000_0000_0000, "0"),
            (0x8000_0000_0000_0000, "0"),
            (0x0000_0000_0000_0001, "5e-324"),
            (0x8000_0000_0000_0001, "-5e-324"),
            (0x7fef_ffff_ffff_ffff, "1.7976931348623157e+308"),
            (0xffef_ffff_ffff_ffff, "-1.7976931348623157e+308"),
            (0x4340_0000_0000_0000, "9007199254740992"),
            (0xc340_0000_0000_0000, "-9007199254740992"),
            (0x4430_0000_0000_0000, "295147905179352830000"),
            (0x44b5_2d02_c7e1_4af5, "9.999999999999997e+22"),
            (0x44b5_2d02_c7e1_4af6, "1e+23"),
            (0x44b5_2d02_c7e1_4af7, "1.0000000000000001e+23"),
            (0x444b_1ae4_d6e2_ef4e, "999999999999999700000"),
            (0x444b_1ae4_d6e2_ef4f, "999999999999999900000"),
            (0x444b_1ae4_d6e2_ef50, "1e+21"),
            (0x3eb0_c6f7_a0b5_ed8c, "9.999999999999997e-7"),
            (0x3eb0_c6f7_a0b5_ed8d, "0.000001"),
            (0x41b3_de43_5555_5553, "333333333.3333332"),
            (0x41b3_de43_5555_5554, "333333333.33333325"),
            (0x41b3_de43_5555_5555, "333333333.3333333"),
            (0x41b3_de43_5555_5556, "333333333.3333334"),
            (0x41b3_de43_5555_5557, "333333333.33333343"),
            (0xbecb_f647_612f_3696, "-0.0000033333333333333333"),
            (0x4314_3ff3_c1cb_0959, "1424953923781206.2"),
        ];
        for (bits, expected) in cases {
            assert_eq!(es(f64::from_bits(*bits)), *expected, "bits {bits:#x}");
        }
        assert_eq!(es(1e-7), "1e-7");
        assert_eq!(es(123.0), "123");
        assert_eq!(es(0.5), "0.5");
    }

    #[test]
    fn rfc8785_example() {
        let input: Value = serde_json::from_str(
            r#"{
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }"#,
        )
        .unwrap();
        assert_eq!(
            jcs(&input).unwrap(),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    #[test]
    fn keys_sort_by_utf16_code_units() {
        // RFC 8785 section 3.2.3 example: sorting by UTF-16, not by code point.
        let input: Value = serde_json::from_str(
            r#"{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
                "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}"#,
        )
        .unwrap();
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\
            \"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\
            \"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}";
        assert_eq!(jcs(&input).unwrap(), expected);
    }
}
