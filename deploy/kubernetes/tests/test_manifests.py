"""deploy/kubernetes: every rendering validates against the Kubernetes schemas offline and keeps the rules of
manifests.problems(); each rule is shown to fail on a deliberately broken copy."""

import copy
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from manifests import Obj, containers, pod_spec, problems, render

ROOT = Path(__file__).resolve().parents[1]
KUSTOMIZATIONS = ["base", "overlays/production"]
# The oldest Kubernetes these manifests are written for (sleep preStop hooks: 1.30+), and the newest whose
# schemas kubernetes-validate bundles.
KUBERNETES_VERSIONS = ["1.33.0", "1.37.0"]


def _by_identity(objects: list[Obj]) -> dict[tuple[str, str, str], Obj]:
    return {(o["kind"], o["metadata"].get("namespace", ""), o["metadata"]["name"]): o for o in objects}


@pytest.fixture(scope="module", params=KUSTOMIZATIONS)
def rendered(request) -> list[Obj]:
    return render(ROOT / request.param)


@pytest.mark.parametrize("kustomization", KUSTOMIZATIONS)
def test_the_renderer_agrees_with_kubectl_kustomize(kustomization):
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: the renderer is checked against kustomize where it is")
    output = subprocess.run(
        [kubectl, "kustomize", str(ROOT / kustomization)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    expected = [doc for doc in yaml.safe_load_all(output) if doc]

    assert _by_identity(render(ROOT / kustomization)) == _by_identity(expected)


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_object_validates_against_the_kubernetes_schemas(rendered, version):
    for obj in rendered:
        kubernetes_validate.validate(obj, version, strict=True)


def test_the_rendering_keeps_every_rule(rendered):
    assert problems(rendered) == []


def test_the_schema_check_can_fail():
    deployment = next(o for o in render(ROOT / "base") if o["kind"] == "Deployment")
    broken = copy.deepcopy(deployment)
    broken["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGet"]["port"] = {"no": "such"}

    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSIONS[0], strict=True)


def test_the_secret_template_has_names_only():
    lines = (ROOT / "secret.example.env").read_text().splitlines()
    entries = [line.partition("=") for line in lines if line and not line.startswith("#")]

    assert {name for name, _, _ in entries} == {
        "DJANGO_SECRET_KEY",
        "JWT_SIGNING_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
    }
    assert all(separator == "=" and value == "" for _, separator, value in entries)


# ---- each rule, broken on purpose ---------------------------------------------------------------------------------
def _find(objects: list[Obj], kind: str, name: str) -> Obj:
    return next(o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name)


def _main(objects: list[Obj], name: str) -> Obj:
    return next(containers(_find(objects, "Deployment", name), init=False))


def _drop_probe(objects: list[Obj]) -> None:
    del _main(objects, "latchkey-backend")["readinessProbe"]


def _drop_limit(objects: list[Obj]) -> None:
    job = _find(objects, "Job", "latchkey-migrate")
    del next(containers(job, init=False))["resources"]["limits"]["memory"]


def _drop_init_request(objects: list[Obj]) -> None:
    init = pod_spec(_find(objects, "Deployment", "latchkey-worker"))["initContainers"][0]  # type: ignore[index]
    del init["resources"]["requests"]


def _secret_literal(objects: list[Obj]) -> None:
    _main(objects, "latchkey-backend").setdefault("env", []).append({"name": "JWT_SIGNING_KEY", "value": "hunter2"})


def _secret_in_config(objects: list[Obj]) -> None:
    _find(objects, "ConfigMap", "latchkey-backend-config")["data"]["DATABASE_URL"] = "postgres://u:p@db/latchkey"


def _committed_secret(objects: list[Obj]) -> None:
    objects.append({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "latchkey-secrets"}, "data": {}})


def _latest_image(objects: list[Obj]) -> None:
    container = _main(objects, "latchkey-frontend")
    container["image"] = container["image"].rpartition(":")[0] + ":latest"


def _untagged_image(objects: list[Obj]) -> None:
    container = _main(objects, "latchkey-worker")
    container["image"] = container["image"].rpartition(":")[0]


def _root(objects: list[Obj]) -> None:
    pod_spec(_find(objects, "Deployment", "latchkey-frontend"))["securityContext"]["runAsNonRoot"] = False  # type: ignore[index]


def _capabilities(objects: list[Obj]) -> None:
    _main(objects, "latchkey-backend")["securityContext"]["capabilities"]["drop"] = []


def _no_network_policies(objects: list[Obj]) -> None:
    objects[:] = [o for o in objects if o["kind"] != "NetworkPolicy"]


def _backend_open_to_namespace(objects: list[Obj]) -> None:
    rule = _find(objects, "NetworkPolicy", "latchkey-backend")["spec"]["ingress"][0]
    rule["from"] = [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "latchkey"}}}]


def _backend_open_to_all(objects: list[Obj]) -> None:
    del _find(objects, "NetworkPolicy", "latchkey-backend")["spec"]["ingress"][0]["from"]


def _worker_reachable(objects: list[Obj]) -> None:
    policy = _find(objects, "NetworkPolicy", "latchkey-worker")
    policy["spec"]["ingress"] = [{"from": [{"podSelector": {}}]}]


def _ingress_to_backend(objects: list[Obj]) -> None:
    path = _find(objects, "Ingress", "latchkey")["spec"]["rules"][0]["http"]["paths"][0]
    path["backend"]["service"]["name"] = "latchkey-backend"


def _hpa_orphan(objects: list[Obj]) -> None:
    _find(objects, "HorizontalPodAutoscaler", "latchkey-frontend")["spec"]["scaleTargetRef"]["name"] = "frontend"


def _pdb_mismatch(objects: list[Obj]) -> None:
    selector = _find(objects, "PodDisruptionBudget", "latchkey-backend")["spec"]["selector"]["matchLabels"]
    selector["app.kubernetes.io/component"] = "api"


def _no_migrate_job(objects: list[Obj]) -> None:
    objects[:] = [o for o in objects if o["kind"] != "Job"]


def _migrate_label_elsewhere(objects: list[Obj]) -> None:
    _find(objects, "ConfigMap", "latchkey-backend-config")["metadata"]["labels"]["app.kubernetes.io/component"] = (
        "migrate"
    )


def _migrate_on_start(objects: list[Obj]) -> None:
    _find(objects, "ConfigMap", "latchkey-backend-config")["data"]["RUN_MIGRATIONS"] = "true"


BREAKAGES: list[tuple[Callable[[list[Obj]], None], str]] = [
    (_drop_probe, "Deployment/latchkey-backend container backend: no readinessProbe"),
    (_drop_limit, "Job/latchkey-migrate container migrate: no memory limit"),
    (_drop_init_request, "Deployment/latchkey-worker container migrations-applied: no cpu request"),
    (_secret_literal, "latchkey-backend/backend: JWT_SIGNING_KEY has a literal value"),
    (_secret_in_config, "ConfigMap/latchkey-backend-config: DATABASE_URL looks like a secret"),
    (_committed_secret, "Secret/latchkey-secrets is committed: secrets are created outside git and referenced"),
    (_latest_image, "Deployment/latchkey-frontend container frontend: image"),
    (_untagged_image, "Deployment/latchkey-worker container worker: image"),
    (_root, "Deployment/latchkey-frontend: the pod does not set runAsNonRoot: true"),
    (_capabilities, "Deployment/latchkey-backend container backend: does not drop ALL capabilities"),
    (_no_network_policies, "no default-deny ingress NetworkPolicy"),
    (_backend_open_to_namespace, "NetworkPolicy/latchkey-backend lets {'podSelector'"),
    (_backend_open_to_all, "NetworkPolicy/latchkey-backend lets any source reach the backend"),
    (_worker_reachable, "NetworkPolicy/latchkey-worker lets traffic into the worker"),
    (_ingress_to_backend, "Ingress/latchkey routes / to latchkey-backend"),
    (_hpa_orphan, "HorizontalPodAutoscaler/latchkey-frontend scales missing frontend"),
    (_pdb_mismatch, "PodDisruptionBudget/latchkey-backend selects no Deployment's pods"),
    (_no_migrate_job, "no Job runs `manage.py migrate`"),
    (_migrate_on_start, "the backend's ConfigMap does not set RUN_MIGRATIONS=false"),
    (_migrate_label_elsewhere, "the label component=migrate selects ['ConfigMap', 'Job']"),
]


@pytest.mark.parametrize(("breakage", "expected"), BREAKAGES, ids=[b.__name__.strip("_") for b, _ in BREAKAGES])
def test_each_rule_catches_its_breakage(breakage: Callable[[list[Obj]], None], expected: str) -> None:
    objects: list[Any] = copy.deepcopy(render(ROOT / "overlays/production"))
    breakage(objects)

    found = problems(objects)

    assert any(problem.startswith(expected) for problem in found), found
