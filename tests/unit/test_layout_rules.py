"""Rules that hold everywhere, checked on the source itself."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_given_the_pipeline_package_then_it_never_imports_celery_tasks_or_the_api() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            _imports(path) & {"celery", "kombu", "tasks", "api_stub"}
        )
        for path in (ROOT / "pipeline").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_given_the_models_package_then_it_imports_only_sqlalchemy_and_itself() -> None:
    allowed = {"sqlalchemy", "models", "__future__", "uuid", "datetime", "typing"}
    for path in (ROOT / "models").rglob("*.py"):
        assert _imports(path) <= allowed, path


def test_given_celery_config_then_only_json_crosses_and_delivery_is_at_least_once() -> None:
    import celeryconfig

    assert celeryconfig.task_serializer == "json"
    assert celeryconfig.accept_content == ["json"]
    assert celeryconfig.task_ignore_result is True
    assert celeryconfig.task_acks_late is True
    assert celeryconfig.task_reject_on_worker_lost is True
    assert celeryconfig.worker_prefetch_multiplier == 1
    assert {q.name for q in celeryconfig.task_queues} == {
        "crisis",
        "ingest",
        "audio",
        "analytics",
        "notify",
        "maintenance",
    }


def test_given_every_registered_task_then_its_name_is_stable_and_routed_to_its_queue() -> None:
    from tasks.app import app

    app.loader.import_default_modules()
    ours = [name for name in app.tasks if name.startswith("tasks.")]
    assert ours, "no tasks registered"
    for name in ours:
        module, verb = name.split(".")[1:]
        assert verb and module in {
            "crisis",
            "ingest",
            "audio",
            "analytics",
            "notify",
            "maintenance",
        }
        route = app.amqp.router.route({}, name)
        assert route["queue"].name == module, name


def test_given_every_stage_plan_then_each_stage_has_a_task_and_crisis_comes_first() -> None:
    from pipeline.jobs import STAGE_PLANS
    from tasks.chains import STAGE_TASKS

    for kind, plan in STAGE_PLANS.items():
        for stage in plan:
            assert stage in STAGE_TASKS, (kind, stage)
        if any(name == "crisis_screen" for name, _ in plan):
            assert plan[0] == ("crisis_screen", "crisis"), kind


def test_given_beat_entries_then_each_names_a_task_and_expires() -> None:
    from beat_schedule import BEAT_SCHEDULE
    from tasks.app import app

    app.loader.import_default_modules()
    for entry in BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
        assert 0 < entry["options"]["expires"] <= 2 * float(entry["schedule"])


def test_given_a_process_that_publishes_by_name_then_every_message_carries_a_priority() -> None:
    """The API registers no task classes, so priorities must travel on the signatures:
    otherwise routine messages land in Redis's top-priority list beside urgent ones."""
    import subprocess
    import sys

    probe = (
        "from tasks.chains import chain_for\n"
        "from tasks.app import app\n"
        "assert not [n for n in app.tasks if n.startswith('tasks.')], 'tasks registered'\n"
        "for urgent in (False, True):\n"
        "    sig = chain_for('journal_entry', 'j', urgent=urgent)\n"
        "    sig.freeze()\n"
        "    print([t.options['priority'] for t in sig.tasks])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split("\n")[:2] == ["[6, 6, 6]", "[0, 6, 6]"]
