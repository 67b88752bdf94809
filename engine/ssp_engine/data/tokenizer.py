"""Tokenisers for the text answers A1/A2.

WordTokenizer is a word-level vocabulary built in code (tests, offline runs). With real weights, a local
BLIP/BERT tokenizer folder is loaded through transformers (local_files_only; never a hub download).
"""
import re

import torch

SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]")


class WordTokenizer:
    def __init__(self, words):
        vocab = list(SPECIALS) + sorted({w for w in words if w not in SPECIALS})
        self.index = {w: i for i, w in enumerate(vocab)}

    @classmethod
    def from_texts(cls, texts):
        return cls(w for t in texts for w in split_words(t))

    @property
    def vocab_size(self):
        return len(self.index)

    def encode(self, text: str, max_len: int):
        unk = self.index["[UNK]"]
        ids = [self.index["[CLS]"]] + [self.index.get(w, unk) for w in split_words(text)][: max_len - 2]
        ids.append(self.index["[SEP]"])
        mask = [1] * len(ids) + [0] * (max_len - len(ids))
        return torch.tensor(ids + [0] * (max_len - len(ids))), torch.tensor(mask)

    def state(self):
        return {"kind": "word", "words": [w for w in self.index if w not in SPECIALS]}


class HFTokenizer:
    def __init__(self, folder):
        from transformers import AutoTokenizer

        self.folder = str(folder)
        self.tok = AutoTokenizer.from_pretrained(self.folder, local_files_only=True)

    @property
    def vocab_size(self):
        return len(self.tok)

    def encode(self, text: str, max_len: int):
        out = self.tok(text, max_length=max_len, truncation=True, padding="max_length", return_tensors="pt")
        return out["input_ids"][0], out["attention_mask"][0]

    def state(self):
        return {"kind": "hf", "folder": self.folder}


def split_words(text: str):
    return re.findall(r"[a-z0-9]+", text.lower())


def tokenizer_from_state(state):
    return WordTokenizer(state["words"]) if state["kind"] == "word" else HFTokenizer(state["folder"])
