import pytest

from pipeline.audio_format import sniff_audio_format


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"RIFF\x24\x08\x00\x00WAVEfmt ", "wav"),
        (b"fLaC\x00\x00\x00\x22", "flac"),
        (b"OggS\x00\x02\x00\x00", "ogg"),
        (b"ID3\x04\x00\x00\x00\x00", "mp3"),
        (bytes([0xFF, 0xFB, 0x90, 0x64]), "mp3"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00", "m4a"),
        (b"%PDF-1.7\n%\xe2\xe3", None),
        (b"\x89PNG\r\n\x1a\n", None),
        (b"hello, this is text", None),
        (b"RIFF\x24\x08\x00\x00AVI LIST", None),
        (bytes([0xFF, 0xF0, 0xF0, 0x00]), None),
        (b"", None),
    ],
)
def test_given_first_bytes_when_sniffed_then_the_real_container_is_named(
    head: bytes, expected: str | None
) -> None:
    assert sniff_audio_format(head) == expected
