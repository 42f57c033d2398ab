//! Byte sets: the bytes a text scanner stops at, as a table indexed by byte and made at
//! compile time. Takes a list of bytes, gives the table; a lookup per byte of text is what
//! keeps innsite's scanners quick on text that is mostly words (searching the list for each
//! byte was a twentieth of indexing the site's text).

/// A set of bytes: `set[b as usize]` tells whether `b` is in it.
pub type ByteSet = [bool; 256];

/// The set of `bytes`.
pub const fn of(bytes: &[u8]) -> ByteSet {
    let mut set = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        set[bytes[i] as usize] = true;
        i += 1;
    }
    set
}

#[cfg(test)]
mod tests {
    #[test]
    fn holds_exactly_its_bytes() {
        const SET: super::ByteSet = super::of(b"[#\\\xff");
        let members: Vec<u8> = (0..=255u8).filter(|&b| SET[b as usize]).collect();
        assert_eq!(members, vec![b'#', b'[', b'\\', 0xff]);
        assert!(!super::of(b"")[0]);
    }
}
