"""Tell an audio container from its first bytes, never from the file name."""

from __future__ import annotations

SNIFF_BYTES = 16

_M4A_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"dash"}


def sniff_audio_format(head: bytes) -> str | None:
    """'wav', 'flac', 'ogg', 'mp3', 'm4a', or None when the bytes are not a known audio file."""
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:3] == b"ID3":
        return "mp3"
    # an MPEG audio frame header: 11 set sync bits, a valid layer, a valid bitrate index
    if len(head) >= 3 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        layer = (head[1] >> 1) & 0x3
        bitrate = head[2] >> 4
        if layer != 0 and bitrate not in (0, 0xF):
            return "mp3"
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _M4A_BRANDS:
        return "m4a"
    return None
