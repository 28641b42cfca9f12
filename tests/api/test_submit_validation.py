"""Bad input gets a clear 4xx naming the field, and leaves nothing behind."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.conftest import Clinic, row_counts


@pytest.fixture
def clinic(make_clinic: Any) -> Clinic:
    return make_clinic(patients=1)


def _storage_files() -> list[str]:
    from pipeline.settings import get_settings

    root = get_settings().resolved_storage_dir
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _fields(response: Any) -> list[str]:
    return [f["field"] for f in response.json()["error"]["fields"]]


def test_given_malformed_json_when_submitted_then_400_and_nothing_written(
    http: Any, clinic: Clinic
) -> None:
    before = row_counts(clinic.tenant_id)
    response = http.post(
        "/v1/mood-logs",
        content=b'{"person_id": "x", "mood_score": ',
        headers={**clinic.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]["message"]
    assert row_counts(clinic.tenant_id) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mood_score": "7"}, "mood_score"),  # a string where a number belongs
        ({"mood_score": 7.5}, "mood_score"),
        ({"mood_score": True}, "mood_score"),
        ({"mood_score": 0}, "mood_score"),
        ({"mood_score": 11}, "mood_score"),
        ({"mood_score": 5, "energy_level": 12}, "energy_level"),
        (
            {"mood_score": 5, "factors": [{"factor_type": "sleep", "impact_score": 9}]},
            "factors.0.impact_score",
        ),
        ({"mood_score": 5, "factors": [{"factor_type": "astrology"}]}, "factors.0.factor_type"),
        ({"mood_score": 5, "logged_at": "2020-01-01T10:00:00"}, "logged_at"),  # no time zone
        ({"mood_score": 5, "surprise": 1}, "surprise"),
    ],
)
def test_given_a_bad_mood_log_when_submitted_then_422_names_the_field(
    http: Any, clinic: Clinic, body: dict[str, Any], field: str
) -> None:
    before = row_counts(clinic.tenant_id)
    response = http.post(
        "/v1/mood-logs",
        json={"person_id": str(clinic.patient_ids[0]), **body},
        headers=clinic.headers,
    )
    assert response.status_code == 422, response.text
    assert field in _fields(response)
    assert all(f["reason"] for f in response.json()["error"]["fields"])
    assert row_counts(clinic.tenant_id) == before


def test_given_someone_elses_patient_when_submitted_then_422_and_nothing_written(
    http: Any, clinic: Clinic, make_clinic: Any
) -> None:
    other = make_clinic(patients=1)
    before = row_counts(clinic.tenant_id)
    response = http.post(
        "/v1/journal-entries",
        json={"person_id": str(other.patient_ids[0]), "content": "a day"},
        headers=clinic.headers,
    )
    assert response.status_code == 422
    assert _fields(response) == ["person_id"]
    assert row_counts(clinic.tenant_id) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content": ""}, "content"),
        ({"content": "x" * 50_001}, "content"),
        ({"content": 42}, "content"),
        ({"content": "ok", "entry_type": "poem"}, "entry_type"),
    ],
)
def test_given_a_bad_journal_entry_when_submitted_then_422(
    http: Any, clinic: Clinic, body: dict[str, Any], field: str
) -> None:
    before = row_counts(clinic.tenant_id)
    response = http.post(
        "/v1/journal-entries",
        json={"person_id": str(clinic.patient_ids[0]), **body},
        headers=clinic.headers,
    )
    assert response.status_code == 422
    assert field in _fields(response)
    assert row_counts(clinic.tenant_id) == before


def test_given_a_backwards_date_range_when_syncing_then_422(http: Any, clinic: Clinic) -> None:
    response = http.post(
        "/v1/wearable-syncs",
        json={
            "person_id": str(clinic.patient_ids[0]),
            "provider": "oura",
            "start_date": "2026-05-10",
            "end_date": "2026-05-01",
        },
        headers=clinic.headers,
    )
    assert response.status_code == 422
    assert "before start_date" in response.text


def test_given_a_non_audio_upload_when_submitted_then_415_and_no_object_is_left(
    http: Any, clinic: Clinic
) -> None:
    before, files_before = row_counts(clinic.tenant_id), _storage_files()
    response = http.post(
        "/v1/recordings",
        data={"person_id": str(clinic.patient_ids[0])},
        files={"file": ("session.wav", b"%PDF-1.7 this is not audio at all" * 100, "audio/wav")},
        headers=clinic.headers,
    )
    assert response.status_code == 415
    assert _fields(response) == ["file"]
    assert row_counts(clinic.tenant_id) == before
    assert _storage_files() == files_before


def test_given_an_oversized_upload_when_streamed_then_413_and_no_object_is_left(
    http: Any, clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    import httpx

    from pipeline.settings import get_settings

    monkeypatch.setattr(get_settings(), "max_upload_bytes", 64 * 1024)
    before, files_before = row_counts(clinic.tenant_id), _storage_files()
    wav = b"RIFF\x00\x00\x00\x00WAVEfmt " + b"\x00" * (256 * 1024)
    request = httpx.Request(
        "POST",
        "http://unused",
        data={"person_id": str(clinic.patient_ids[0])},
        files={"file": ("a.wav", wav, "audio/wav")},
    )
    # sent chunked, without Content-Length: the limit must hold while streaming
    response = http.post(
        "/v1/recordings",
        content=chunks_of(request.read()),
        headers={**clinic.headers, "Content-Type": request.headers["content-type"]},
    )
    assert response.status_code == 413
    assert _fields(response) == ["file"]
    assert row_counts(clinic.tenant_id) == before
    assert _storage_files() == files_before


def chunks_of(body: bytes, size: int = 8192):
    for i in range(0, len(body), size):
        yield body[i : i + size]


def test_given_an_empty_file_when_uploaded_then_422(http: Any, clinic: Clinic) -> None:
    response = http.post(
        "/v1/recordings",
        data={"person_id": str(clinic.patient_ids[0])},
        files={"file": ("a.wav", b"", "audio/wav")},
        headers=clinic.headers,
    )
    assert response.status_code == 422
    assert "empty" in response.json()["error"]["message"]


def test_given_valid_audio_for_a_foreign_person_when_uploaded_then_422_and_no_object_is_left(
    http: Any, clinic: Clinic, make_clinic: Any
) -> None:
    other = make_clinic(patients=1)
    files_before = _storage_files()
    response = http.post(
        "/v1/recordings",
        data={"person_id": str(other.patient_ids[0])},
        files={"file": ("a.wav", b"RIFF\x00\x00\x00\x00WAVEfmt " + b"\x01" * 4000, "audio/wav")},
        headers=clinic.headers,
    )
    assert response.status_code == 422
    assert _storage_files() == files_before


def test_given_unknown_and_foreign_job_ids_when_polled_then_both_are_404(
    http: Any, clinic: Clinic, make_clinic: Any
) -> None:
    other = make_clinic(patients=1)
    submitted = http.post(
        "/v1/mood-logs",
        json={"person_id": str(other.patient_ids[0]), "mood_score": 5},
        headers=other.headers,
    )
    assert submitted.status_code == 202
    foreign = http.get(f"/v1/jobs/{submitted.json()['job_id']}", headers=clinic.headers)
    unknown = http.get(f"/v1/jobs/{uuid.uuid4()}", headers=clinic.headers)
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == unknown.json()
    assert http.get("/v1/jobs/not-a-uuid", headers=clinic.headers).status_code == 422


def test_given_no_or_a_wrong_key_when_calling_then_401(http: Any, clinic: Clinic) -> None:
    assert http.get(f"/v1/jobs/{uuid.uuid4()}").status_code == 401
    wrong = clinic.api_key[:-4] + "abcd"
    response = http.get(f"/v1/jobs/{uuid.uuid4()}", headers={"Authorization": f"Bearer {wrong}"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_given_a_read_only_key_when_submitting_then_403(http: Any, make_clinic: Any) -> None:
    reader = make_clinic(patients=1, scopes=("jobs:read",))
    response = http.post(
        "/v1/mood-logs",
        json={"person_id": str(reader.patient_ids[0]), "mood_score": 5},
        headers=reader.headers,
    )
    assert response.status_code == 403


def test_given_an_empty_idempotency_key_when_submitted_twice_then_two_jobs_not_an_error(
    http: Any, clinic: Clinic
) -> None:
    body = {"person_id": str(clinic.patient_ids[0]), "mood_score": 5}
    headers = {**clinic.headers, "Idempotency-Key": ""}
    first = http.post("/v1/mood-logs", json=body, headers=headers)
    second = http.post("/v1/mood-logs", json=body, headers=headers)
    assert first.status_code == second.status_code == 202
    assert first.json()["job_id"] != second.json()["job_id"]


def test_given_a_body_cut_off_before_its_closing_boundary_when_uploaded_then_400_and_no_object(
    http: Any, clinic: Clinic
) -> None:
    import httpx

    before, files_before = row_counts(clinic.tenant_id), _storage_files()
    request = httpx.Request(
        "POST",
        "http://unused",
        data={"person_id": str(clinic.patient_ids[0])},
        files={"file": ("a.wav", b"RIFF\x00\x00\x00\x00WAVEfmt " + b"\x01" * 5000, "audio/wav")},
    )
    body = request.read()
    cut = body[: body.rindex(b"--")]  # everything but the closing boundary
    response = http.post(
        "/v1/recordings",
        content=cut,
        headers={**clinic.headers, "Content-Type": request.headers["content-type"]},
    )
    assert response.status_code == 400
    assert row_counts(clinic.tenant_id) == before
    assert _storage_files() == files_before


def test_given_a_forged_cursor_when_listing_then_422_not_500(http: Any, clinic: Clinic) -> None:
    import base64

    naive = base64.urlsafe_b64encode(f"2026-01-01T00:00:00|{uuid.uuid4()}".encode()).decode()
    for cursor in (naive, "%%%", base64.urlsafe_b64encode(b"\xff\xfe").decode()):
        response = http.get("/v1/jobs", params={"cursor": cursor}, headers=clinic.headers)
        assert response.status_code == 422, cursor
        assert _fields(response) == ["cursor"]


def test_given_a_person_in_los_angeles_when_a_mood_is_logged_then_time_of_day_is_theirs(
    http: Any, clinic: Clinic
) -> None:
    from models import MoodLog, Person
    from pipeline.database import session_scope

    with session_scope() as session:
        session.get(Person, clinic.patient_ids[0]).timezone = "America/Los_Angeles"  # type: ignore[union-attr]
    # 04:00 UTC on a Monday is 20:00 on Sunday in Los Angeles
    response = http.post(
        "/v1/mood-logs",
        json={
            "person_id": str(clinic.patient_ids[0]),
            "mood_score": 5,
            "logged_at": "2026-01-05T04:00:00Z",
        },
        headers=clinic.headers,
    )
    assert response.status_code == 202
    with session_scope() as session:
        from sqlalchemy import select

        log = session.scalars(select(MoodLog).where(MoodLog.tenant_id == clinic.tenant_id)).one()
        assert (log.time_of_day, log.day_of_week) == ("evening", 7)


def test_given_a_country_when_asking_for_crisis_resources_then_local_lines_without_a_key(
    http: Any,
) -> None:
    us = http.get("/v1/crisis/resources", params={"country": "us"}).json()
    assert {"988", "911"} <= {r.get("phone") for r in us["resources"]}
    assert any(r.get("sms") == "741741" for r in us["resources"])
    elsewhere = http.get("/v1/crisis/resources", params={"country": "ZZ"}).json()
    assert any(r["type"] == "emergency" for r in elsewhere["resources"])
    assert http.get("/v1/crisis/resources", params={"country": "USA"}).status_code == 422
