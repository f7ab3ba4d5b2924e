"""The one jieba tokenizer of ingest, and what jieba's dictionary says about a word.

Every word boundary ingest asks about (a domain keyword running across a word, a
place name cutting a word, the verbs before a township name) comes from the same
``jieba.Tokenizer``: jieba's own dictionary plus a user dictionary generated from
the lexicons — every domain keyword (``lexicons/domain-keywords.ttl``) and every
word of the structure lexicon's role, column, facet and scaffold schemes, at
frequency ``USER_WORD_FREQUENCY``. Place and agency names are not added: the place
matcher asks whether a name cuts an ordinary word, which a dictionary holding the
names themselves could no longer tell.

Start-up. jieba builds its prefix dictionary from ``dict.txt`` (about 350,000
words) and keeps it in a marshal file of its own; loading it dominated the first
extraction of a process. Here the finished dictionary — jieba's words, the user
words, and the frequencies and name tags the place matcher needs — is built once,
stored in the user's cache (:mod:`mskg.ingest.cache`) under a name that hashes the
jieba version, its dictionary file and the user words (a lexicon change builds a
new one, and the files of older lexicons are removed), and read with one
``marshal.loads`` per process. jieba's own logger is set to WARNING, so its
start-up messages never reach the CLI's stderr.

>>> words("提高中职学校办学水平")
['提高', '中职学校', '办学', '水平']
>>> boundaries("乡镇卫生院")
[(0, 2, '乡镇'), (2, 5, '卫生院')]
>>> dictionary_frequency("卫生院") > 0, dictionary_frequency("中卫生")
(True, 0)
>>> name_tag("济宁"), name_tag("卫生院")
('ns', None)
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from importlib.resources import files

from mskg.ingest.cache import cache_dir, prune, touch, write_atomically

USER_WORD_FREQUENCY = 2000
STRUCTURE_SCHEMES = ("roles", "columns", "facets", "scaffold")
_FORMAT = 1  # bump when the cached tuple changes shape
# dictionaries kept in a shared cache folder (each made from one set of lexicons, ~10 MB)
KEEP_DICTIONARIES = 4


@dataclass(frozen=True)
class _Dictionary:
    freq: dict[str, int]  # jieba's prefix dictionary, user words included
    total: int
    own_freq: dict[str, int]  # jieba's frequency of user words it already had
    user: frozenset[str]  # the user words
    name_tags: dict[str, str]  # word → ns…/nr… tag, for jieba's place and person names


def user_words() -> tuple[str, ...]:
    """The words of the user dictionary, sorted: domain keywords and structure words
    of at least two characters."""
    from mskg.ingest.domains import keywords
    from mskg.ingest.structure_lexicon import entries

    words = {w for ws in keywords().values() for w in ws}
    for scheme in STRUCTURE_SCHEMES:
        words.update(w for e in entries(scheme) for w in e.words)
    return tuple(sorted(w for w in words if len(w) >= 2))


def _jieba_dict_file():
    return files("jieba") / "dict.txt"


def _cache_key() -> str:
    """What the cache file is made from: jieba's version and dictionary file, the files
    the user words are read from (the lexicons and the code reading them), the user word
    frequency and the marshal format of this Python.

    Keyed on the files' bytes, not on the words, so a process that finds the cache reads
    no lexicon for it (parsing them took about 0.4 s of a question's time)."""
    h = hashlib.sha256()
    h.update(f"{_FORMAT}\0{sys.version_info[:2]}\0{marshal.version}\0".encode())
    h.update(f"{metadata.version('jieba')}\0{USER_WORD_FREQUENCY}\0".encode())
    path = _jieba_dict_file()
    try:
        st = os.stat(str(path))
        h.update(f"{st.st_size}\0{st.st_mtime_ns}\0".encode())
    except OSError:
        pass
    for source in _word_sources():
        h.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _word_sources():
    """The files :func:`user_words` depends on: the lexicons it reads, the domain scheme,
    and the code of the packages that read and normalise them."""
    yield files("mskg.lexicons") / "domain-keywords.ttl"
    yield files("mskg.lexicons") / "structure.ttl"
    yield files("mskg.ontology") / "domains.ttl"
    for package in ("mskg.ingest", "mskg.lexicons"):
        yield from sorted((f for f in files(package).iterdir() if f.name.endswith(".py")),
                          key=lambda f: f.name)


def _jieba():
    """The jieba module, its logger at WARNING (start-up messages stay off stderr)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _build(words: tuple[str, ...]) -> _Dictionary:
    """jieba's prefix dictionary plus the user words, exactly as ``Tokenizer.add_word``
    would leave it, and the name tags of jieba's dictionary."""
    tk = _jieba().Tokenizer()
    freq, total = tk.gen_pfdict(tk.get_dict_file())
    own_freq: dict[str, int] = {}
    name_tags: dict[str, str] = {}
    with _jieba_dict_file().open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[2].startswith(("ns", "nr")):
                name_tags[parts[0]] = parts[2]
    for w in words:  # Tokenizer.add_word(w, freq=USER_WORD_FREQUENCY)
        if freq.get(w, 0) > 0:
            own_freq[w] = freq[w]
        freq[w] = USER_WORD_FREQUENCY
        total += USER_WORD_FREQUENCY
        for i in range(1, len(w)):
            freq.setdefault(w[:i], 0)
    return _Dictionary(freq, total, own_freq, frozenset(words), name_tags)


def _load() -> _Dictionary:
    path = cache_dir() / f"tokenizer-{_cache_key()}.marshal"
    try:
        # marshal.loads of the bytes: marshal.load on a file reads object by object
        # and takes three times as long
        freq, total, own_freq, user, name_tags = marshal.loads(path.read_bytes())
        touch(path)
        return _Dictionary(freq, total, own_freq, frozenset(user), name_tags)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    d = _build(user_words())
    data = (d.freq, d.total, d.own_freq, sorted(d.user), d.name_tags)
    if write_atomically(path, lambda fh: marshal.dump(data, fh)):
        prune(path.parent, "tokenizer-*.marshal", KEEP_DICTIONARIES)
    return d


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    return _load()


@lru_cache(maxsize=1)
def tokenizer():
    """The shared ``jieba.Tokenizer`` (created once per process, quiet)."""
    d = _dictionary()
    tk = _jieba().Tokenizer()
    tk.FREQ, tk.total = d.freq, d.total
    tk.initialized = True
    return tk


@lru_cache(maxsize=4)
def tokenizer_with(extra: tuple[str, ...]):
    """The shared dictionary plus ``extra`` words, for a caller with a vocabulary of its
    own (the question matcher's labels and synonyms); the shared tokenizer is unchanged."""
    d = _dictionary()
    tk = _jieba().Tokenizer()
    tk.FREQ, tk.total = dict(d.freq), d.total
    tk.initialized = True
    for word in extra:
        tk.add_word(word, freq=USER_WORD_FREQUENCY)
    return tk


def boundaries(text: str) -> list[tuple[int, int, str]]:
    """Dictionary words of ``text`` (jieba's exact mode without HMM): (start, end, word)."""
    return [(s, e, w) for w, s, e in tokenizer().tokenize(text, HMM=False)]


def words(text: str) -> list[str]:
    """``text`` cut into dictionary words (jieba's exact mode without HMM)."""
    return list(tokenizer().cut(text, HMM=False))


def is_word(s: str) -> bool:
    """Is ``s`` a word of the tokenizer's dictionary (user words included)?"""
    return _dictionary().freq.get(s, 0) > 0


def dictionary_frequency(word: str) -> int:
    """The word's frequency in jieba's own dictionary (0 when it is not a word there);
    the user dictionary does not count."""
    d = _dictionary()
    if word in d.user:
        return d.own_freq.get(word, 0)
    return d.freq.get(word, 0)


def name_tag(word: str) -> str | None:
    """jieba's part of speech of a place (``ns…``) or person (``nr…``) name in its
    dictionary; None for any other word."""
    return _dictionary().name_tags.get(word)
