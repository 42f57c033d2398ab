//! CBOR, as much of it as the search index's files hold: unsigned and negative integers,
//! text strings and arrays (RFC 8949 §3.1), each in its shortest form, appended to a byte
//! buffer; and the length of an array read back from its head.
//!
//! Written here rather than through minicbor (which the tests keep as the reference reader):
//! the index is mostly small integers (3.2 million of them on 10,000 pages), and minicbor's
//! generic encoder, through its `Write` trait and error plumbing, spent about 90 instructions
//! on each, 3.7% of a whole build's instructions. A head here is one or a few pushes.

/// Major types (the top three bits of a head).
const UNSIGNED: u8 = 0;
const NEGATIVE: u8 = 1;
const TEXT: u8 = 3;
const ARRAY: u8 = 4;

/// Append the head of an item of `major` type with argument `n`, in its shortest form.
fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    if n < 24 {
        out.push(m | n as u8);
    } else if let Ok(n) = u8::try_from(n) {
        out.extend_from_slice(&[m | 24, n]);
    } else if let Ok(n) = u16::try_from(n) {
        out.push(m | 25);
        out.extend_from_slice(&n.to_be_bytes());
    } else if let Ok(n) = u32::try_from(n) {
        out.push(m | 26);
        out.extend_from_slice(&n.to_be_bytes());
    } else {
        out.push(m | 27);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

/// Append an unsigned integer.
pub fn uint(out: &mut Vec<u8>, n: u64) {
    head(out, UNSIGNED, n);
}

/// Append an integer (a negative one as CBOR's `-1 - n`).
pub fn int(out: &mut Vec<u8>, n: i64) {
    match u64::try_from(n) {
        Ok(n) => head(out, UNSIGNED, n),
        Err(_) => head(out, NEGATIVE, (-1 - n) as u64),
    }
}

/// Append a text string.
pub fn text(out: &mut Vec<u8>, s: &str) {
    head(out, TEXT, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Append the head of an array of `len` items (the items follow).
pub fn array(out: &mut Vec<u8>, len: usize) {
    head(out, ARRAY, len as u64);
}

/// The number of items of the array at the start of `cbor` (0 when it begins with no array
/// head of a definite length).
pub fn array_len(cbor: &[u8]) -> usize {
    let Some((&first, rest)) = cbor.split_first() else {
        return 0;
    };
    if first >> 5 != ARRAY {
        return 0;
    }
    let be = |n: usize| -> usize {
        rest.get(..n)
            .map_or(0, |b| b.iter().fold(0, |v, &b| v << 8 | usize::from(b)))
    };
    match first & 0x1f {
        n @ 0..=23 => usize::from(n),
        24 => be(1),
        25 => be(2),
        26 => be(4),
        27 => be(8),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Integers around every boundary between head sizes, both signs.
    fn edges() -> Vec<i64> {
        let mut n = vec![0, 1, 23, 24, 25, 255, 256, 65_535, 65_536];
        n.extend([u32::MAX as i64, u32::MAX as i64 + 1, i64::MAX]);
        let negatives: Vec<i64> = n.iter().map(|v| -1 - v).collect();
        n.extend(negatives);
        n.extend([-24, -25, -256, -257]);
        n
    }

    #[test]
    fn integers_are_written_as_minicbor_writes_them() {
        for n in edges() {
            let mut ours = Vec::new();
            int(&mut ours, n);
            assert_eq!(ours, minicbor::to_vec(n).unwrap(), "{n}");
            assert_eq!(minicbor::decode::<i64>(&ours).unwrap(), n);
            if let Ok(u) = u64::try_from(n) {
                let mut unsigned = Vec::new();
                uint(&mut unsigned, u);
                assert_eq!(unsigned, ours);
            }
        }
    }

    #[test]
    fn arrays_and_text_are_written_as_minicbor_writes_them() {
        for len in [0usize, 1, 23, 24, 300, 70_000] {
            let items: Vec<i32> = (0..len).map(|i| i as i32 - 12).collect();
            let mut ours = Vec::new();
            array(&mut ours, len);
            items.iter().for_each(|&i| int(&mut ours, i.into()));
            assert_eq!(ours, minicbor::to_vec(&items).unwrap(), "{len}");
            assert_eq!(array_len(&ours), len);
        }
        for s in ["", "apple", "ünïcödé", &"x".repeat(300)] {
            let mut ours = Vec::new();
            text(&mut ours, s);
            assert_eq!(ours, minicbor::to_vec(s).unwrap());
        }
    }

    #[test]
    fn array_len_of_what_is_no_array_is_zero() {
        assert_eq!(array_len(&[]), 0);
        assert_eq!(array_len(&[0x01]), 0);
        assert_eq!(array_len(&[0x9f]), 0, "indefinite length");
        assert_eq!(array_len(&[0x98]), 0, "head cut short");
    }
}
