"""The run's one site build (conftest._build_once): a build that cannot even start fails
as one that ran and failed, once, with its cause, rather than leaving a half-made folder
that makes every later test of the site fail on something else."""

import subprocess

import conftest


def test_a_build_that_cannot_start_is_reported_once_with_its_cause(tmp_path, monkeypatch):
    calls = []

    def cannot_start(project, site_dir, env=None):
        calls.append(env)
        raise OSError(14, "Bad address")

    monkeypatch.setattr(conftest, "copy_sources", lambda project: project.mkdir() or project)
    monkeypatch.setattr(conftest, "build_site", cannot_start)
    conftest._build_once(tmp_path, {"ONLY": "this"})
    log = (tmp_path / "site-build-failed.log").read_text(encoding="utf-8")
    assert "the build could not run" in log and "OSError: [Errno 14] Bad address" in log
    conftest._build_once(tmp_path, {"ONLY": "this"})  # another worker: the same failure
    assert calls == [{"ONLY": "this"}], "built once, in the environment it was given"
    assert not (tmp_path / "site-project" / "site").exists()


def test_a_half_made_folder_is_built_again(tmp_path, monkeypatch):
    (tmp_path / "site-project" / "docs").mkdir(parents=True)  # left by a build that crashed

    def builds(project, site_dir, env=None):
        site_dir.mkdir()
        return subprocess.CompletedProcess([], 0, "", "")

    monkeypatch.setattr(conftest, "copy_sources", lambda project: project.mkdir() or project)
    monkeypatch.setattr(conftest, "build_site", builds)
    conftest._build_once(tmp_path)
    assert (tmp_path / "site-project" / "site").is_dir()
    assert not (tmp_path / "site-build-failed.log").exists()
