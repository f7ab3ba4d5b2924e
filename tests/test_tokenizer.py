"""The shared jieba tokenizer of ingest: its dictionary, its cache file, a quiet start."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from mskg.ingest import tokenizer as tk

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "提高中职学校办学水平，推进乡镇卫生院和村卫生室一体化管理，市残联牵头。"


def _jieba_dictionary() -> dict[str, tuple[int, str]]:
    from importlib.resources import files

    out = {}
    with (files("jieba") / "dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            out[word] = (int(freq), tag)
    return out


def test_dictionary_is_jieba_with_the_user_words_added() -> None:
    """The cached dictionary is what jieba's own add_word makes of its dictionary."""
    import jieba

    ref = jieba.Tokenizer()
    ref.FREQ, ref.total = ref.gen_pfdict(ref.get_dict_file())
    ref.initialized = True
    for w in tk.user_words():
        ref.add_word(w, freq=tk.USER_WORD_FREQUENCY)
    shared = tk.tokenizer()
    assert shared.total == ref.total
    assert shared.FREQ == ref.FREQ
    assert list(shared.tokenize(SAMPLE, HMM=False)) == list(ref.tokenize(SAMPLE, HMM=False))


def test_user_words_come_from_the_lexicons() -> None:
    from mskg.ingest.domains import keywords
    from mskg.ingest.structure_lexicon import entries

    words = set(tk.user_words())
    assert words == set(sorted(words))
    assert all(len(w) >= 2 for w in words)
    assert {w for ws in keywords().values() for w in ws if len(w) >= 2} <= words
    assert {w for e in entries("roles") for w in e.words if len(w) >= 2} <= words
    assert all(tk.is_word(w) for w in words)


def test_frequencies_and_name_tags_are_jieba_s_own() -> None:
    jieba_dict = _jieba_dictionary()
    user = set(tk.user_words())
    overridden = sorted(w for w in user if w in jieba_dict)
    assert overridden, "some lexicon words are also jieba words"
    for w in overridden[:50]:
        assert tk.dictionary_frequency(w) == jieba_dict[w][0]
    only_user = [w for w in user if w not in jieba_dict]
    assert only_user and all(tk.dictionary_frequency(w) == 0 for w in only_user)
    for word in ("卫生院", "济宁", "保定", "中卫", "李明", "提高"):
        freq, tag = jieba_dict.get(word, (0, ""))
        assert tk.dictionary_frequency(word) == freq
        assert tk.name_tag(word) == (tag if tag.startswith(("ns", "nr")) else None)
    assert tk.dictionary_frequency("中卫生") == 0  # a prefix, not a word


def test_boundaries_index_the_text() -> None:
    spans = tk.boundaries(SAMPLE)
    assert "".join(w for _, _, w in spans) == SAMPLE
    assert all(SAMPLE[s:e] == w for s, e, w in spans)
    assert [w for _, _, w in spans] == tk.words(SAMPLE)


def test_extra_words_extend_a_copy_of_the_shared_dictionary() -> None:
    question = "列出无牵头单位的措施"
    assert "无牵头单位" not in tk.words(question)
    extended = tk.tokenizer_with(("无牵头单位",))
    assert "无牵头单位" in extended.lcut(question, HMM=False)
    assert "无牵头单位" not in tk.words(question)  # the shared tokenizer is unchanged
    assert not tk.is_word("无牵头单位")


def test_the_cache_key_covers_every_lexicon_the_words_are_read_from(monkeypatch) -> None:
    import mskg.lexicons as lexicons
    from mskg.ingest import domains, structure_lexicon

    read_now = []
    real_read = lexicons.read
    monkeypatch.setattr(lexicons, "read", lambda package, name: read_now.append((package, name))
                        or real_read(package, name))
    for cached in (domains._lexicon, structure_lexicon._all, structure_lexicon.entries, lexicons.load):
        cached.cache_clear()
    tk.user_words()
    sources = {(str(s.parent), s.name) for s in map(Path, map(str, tk._word_sources()))}
    assert read_now, "user_words read no lexicon: the check below would prove nothing"
    for package, name in read_now:
        if name == "lexicon-shapes.ttl":  # the lexicons' own shapes check them, give no words
            continue
        folder = str(Path(str(files(package))))
        assert (folder, name) in sources, f"{package}:{name} is not in the tokenizer cache key"


def test_a_lexicon_change_names_another_cache_file(tmp_path: Path, monkeypatch) -> None:
    key = tk._cache_key()
    assert tk._cache_key() == key
    real = list(tk._word_sources())
    edited = tmp_path / real[0].name
    edited.write_bytes(real[0].read_bytes() + "\n# 新设词语\n".encode())
    monkeypatch.setattr(tk, "_word_sources", lambda: [edited, *real[1:]])
    assert tk._cache_key() != key


def _fresh(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)


@pytest.mark.slow  # a fresh Python process loads the dictionary
def test_a_broken_cache_is_rebuilt_then_read_by_the_next_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    words = tk.user_words()
    monkeypatch.setenv("MSKG_CACHE_DIR", str(tmp_path))
    path = tmp_path / f"tokenizer-{tk._cache_key()}.marshal"
    path.write_bytes(b"not a marshal file")
    others = [tmp_path / f"tokenizer-{n:016x}.marshal" for n in range(tk.KEEP_DICTIONARIES)]
    for age, other in enumerate(others):  # made from other lexicons, others[0] used last
        other.write_bytes(b"made from other lexicons")
        os.utime(other, (1_000_000 - age, 1_000_000 - age))
    d = tk._load()
    assert d.freq == tk.tokenizer().FREQ
    freq, total, _, user, _ = marshal.loads(path.read_bytes())  # rewritten whole
    assert freq == d.freq and total == d.total and tuple(user) == words
    # the dictionaries of other lexicons (another checkout sharing the folder) used last stay,
    # the oldest goes; no temporary file is left
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == sorted([path.name] + [p.name for p in others[:-1]])

    stamp = path.stat().st_ino  # a rebuild renames a new file into place
    code = (
        "import json; from mskg.ingest import tokenizer as tk; "
        f"print(json.dumps([tk.words({SAMPLE!r}), tk.tokenizer().total]))"
    )
    out = _fresh(code, {**os.environ, "MSKG_CACHE_DIR": str(tmp_path)})
    assert path.stat().st_ino == stamp  # read, not rebuilt
    assert json.loads(out.stdout) == [tk.words(SAMPLE), d.total]


def test_an_unwritable_cache_is_not_used(tmp_path: Path) -> None:
    from mskg.ingest.cache import write_atomically

    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    assert write_atomically(blocked / "cache" / "f.bin", lambda fh: fh.write(b"1")) is False
    assert write_atomically(tmp_path / "cache" / "f.bin", lambda fh: fh.write(b"1")) is True
    assert (tmp_path / "cache" / "f.bin").read_bytes() == b"1"


@pytest.mark.slow  # a fresh Python process extracts a document
def test_extraction_is_quiet_and_loads_one_dictionary() -> None:
    """With the root logger at DEBUG (as a CLI may set it), extracting a document
    prints nothing; jieba's default tokenizer is never initialised (one dictionary in
    memory) and plain numerals do not import cn2an."""
    code = (
        "import json, logging, sys\n"
        "logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)\n"
        "import jieba\n"
        "from mskg.ingest import extract_file\n"
        f"ex = extract_file({str(ROOT / 'data' / 'corpus' / '003_635fd06134c9d9a0.txt')!r})\n"
        "print(json.dumps({'items': len(ex.items), 'default': jieba.dt.initialized, "
        "'cn2an': 'cn2an' in sys.modules}))\n"
    )
    out = _fresh(code, dict(os.environ))
    assert "prefix dict" not in out.stderr and "jieba" not in out.stderr, out.stderr
    report = json.loads(out.stdout)
    assert report["items"] > 10
    assert report["default"] is False
    assert report["cn2an"] is False
