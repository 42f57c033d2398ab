//! The piece list being built: constructs are pushed in source order, and the text between
//! them becomes `Text` pieces automatically, so the pieces always cover the input exactly.
//! It only slices at offsets the scanners give (always ASCII delimiters or line ends) and never
//! panics: an offset that is not a char boundary gives an empty slice (a bug the tests catch).

use super::Inline;

/// Builder of the piece list of one text.
pub(super) struct Out<'a> {
    text: &'a str,
    pieces: Vec<Inline<'a>>,
    /// Start of the text not yet covered by a pushed piece.
    text_from: usize,
}

impl<'a> Out<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Out {
            text,
            pieces: Vec::new(),
            text_from: 0,
        }
    }

    /// The input bytes.
    pub(super) fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// `text[start..end]`, or `""` when that is not a valid slice.
    pub(super) fn slice(&self, start: usize, end: usize) -> &'a str {
        let s = self.text.get(start..end);
        debug_assert!(s.is_some(), "bad slice {start}..{end}");
        s.unwrap_or("")
    }

    /// Record `piece` covering `start..end`; text since the previous piece becomes `Text`.
    pub(super) fn push(&mut self, start: usize, end: usize, piece: Inline<'a>) {
        debug_assert!(
            start >= self.text_from && end > start,
            "pieces out of order"
        );
        if start < self.text_from || end <= start {
            return;
        }
        if start > self.text_from {
            let t = self.slice(self.text_from, start);
            self.pieces.push(Inline::Text(t));
        }
        self.pieces.push(piece);
        self.text_from = end;
    }

    /// The pieces, with the remaining text as a final `Text` piece.
    pub(super) fn finish(mut self) -> Vec<Inline<'a>> {
        if self.text_from < self.text.len() {
            let t = self.slice(self.text_from, self.text.len());
            self.pieces.push(Inline::Text(t));
        }
        self.pieces
    }
}
