"""Renders deploy/kubernetes without kustomize, and states what every rendering must hold.

render() implements the few kustomize features the kustomizations use (resources, namespace, images, patches as
strategic merges of whole objects) and refuses any other, so `make k8s-check` needs neither kubectl nor network;
test_manifests.py compares it with `kubectl kustomize` wherever kubectl exists. problems() lists every broken rule
as a sentence; an empty list means the manifests keep them.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

Obj = dict[str, Any]

SECRET_NAME = "latchkey-secrets"
# Django's METRICS_PORT (config.yaml): it serves /metrics and nothing else, so the scraper may reach it.
METRICS_PORT = 9100
LIVE_PATH = "/api/health/live"
READY_PATH = "/api/health/ready"
# Values that carry a credential: their names, in an env entry or a ConfigMap, must never come with a literal.
# BREACHED_PASSWORDS_* name the public breach-corpus endpoint and its timeout, no credential.
SECRET_LIKE = re.compile(
    r"SECRET|KEY|(?<!BREACHED_)PASSWORD|TOKEN|CREDENTIAL|DATABASE_URL|REDIS_URL|EMAIL_URL", re.IGNORECASE
)
_SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "images", "patches"}
_CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass"}


# ---- rendering --------------------------------------------------------------------------------------------------
def render(directory: Path) -> list[Obj]:
    """The objects `kubectl kustomize directory` prints, as dicts. Raises ValueError on an unsupported feature."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unsupported = set(kustomization) - _SUPPORTED
    if unsupported:
        raise ValueError(f"{directory}: kustomization fields this renderer does not implement: {sorted(unsupported)}")
    objects: list[Obj] = []
    for entry in kustomization.get("resources", []):
        path = directory / entry
        objects += render(path) if path.is_dir() else _load(path)
    for patch_entry in kustomization.get("patches", []):
        if set(patch_entry) != {"path"}:
            raise ValueError(f"{directory}: only `patches: - path: file` is implemented, not {patch_entry}")
        for patch in _load(directory / patch_entry["path"]):
            target = _find(objects, patch["kind"], patch["metadata"]["name"])
            if target is None:
                raise ValueError(f"{directory}: patch for missing {patch['kind']}/{patch['metadata']['name']}")
            objects[objects.index(target)] = strategic_merge(target, patch)
    for image in kustomization.get("images", []):
        _set_image(objects, image)
    if "namespace" in kustomization:
        for obj in objects:
            if obj["kind"] not in _CLUSTER_SCOPED:
                obj["metadata"]["namespace"] = kustomization["namespace"]
    return objects


def _load(path: Path) -> list[Obj]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def _find(objects: list[Obj], kind: str, name: str) -> Obj | None:
    return next((o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name), None)


def strategic_merge(base: Any, patch: Any) -> Any:
    """Maps merge key by key; lists of maps that all have a `name` merge by name (containers, env, volumes, ...);
    any other list is replaced, as kustomize does for lists without a merge key (Ingress rules, HPA metrics)."""
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = strategic_merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(patch, list) and _named(base) and _named(patch):
        merged_list = list(base)
        for item in patch:
            index = next((i for i, old in enumerate(merged_list) if old["name"] == item["name"]), None)
            if index is None:
                merged_list.append(item)
            else:
                merged_list[index] = strategic_merge(merged_list[index], item)
        return merged_list
    return patch


def _named(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(item, dict) and "name" in item for item in items)


def _set_image(objects: list[Obj], image: Obj) -> None:
    for obj in objects:
        for container in containers(obj, init=True):
            name, _, _tag = container["image"].partition(":")
            if name == image["name"]:
                new = image.get("newName", name)
                container["image"] = f"{new}@{image['digest']}" if "digest" in image else f"{new}:{image['newTag']}"


# ---- reading rendered objects -------------------------------------------------------------------------------------
def pod_spec(obj: Obj) -> Obj | None:
    """The pod spec of a Deployment, Job or CronJob; None for other kinds."""
    if obj["kind"] in ("Deployment", "Job"):
        return obj["spec"]["template"]["spec"]
    if obj["kind"] == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return None


def pod_labels(obj: Obj) -> dict[str, str]:
    template = obj["spec"]["jobTemplate"]["spec"]["template"] if obj["kind"] == "CronJob" else obj["spec"]["template"]
    return template["metadata"].get("labels", {})


def containers(obj: Obj, *, init: bool) -> Iterator[Obj]:
    spec = pod_spec(obj)
    if spec is None:
        return
    yield from spec.get("containers", [])
    if init:
        yield from spec.get("initContainers", [])


def selects(selector: Obj, labels: dict[str, str]) -> bool:
    """Whether a label selector (matchLabels and matchExpressions In/NotIn/Exists) selects these labels."""
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        matched = {
            "In": labels.get(key) in values,
            "NotIn": labels.get(key) not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[operator]
        if not matched:
            return False
    return True


def _component(objects: list[Obj], component: str) -> Obj | None:
    """The Deployment whose pods carry app.kubernetes.io/component=component."""
    deployments = objects_of(objects, "Deployment")
    return next((d for d in deployments if pod_labels(d).get("app.kubernetes.io/component") == component), None)


def objects_of(objects: list[Obj], kind: str) -> list[Obj]:
    return [o for o in objects if o["kind"] == kind]


# ---- the rules ----------------------------------------------------------------------------------------------------
def problems(objects: list[Obj]) -> list[str]:
    """Every rule the rendered objects break, one sentence each (empty when all hold)."""
    found: list[str] = []
    found += _workload_problems(objects)
    found += _secret_problems(objects)
    found += _network_problems(objects)
    found += _scaling_problems(objects)
    found += _deploy_order_problems(objects)
    return found


def _workload_problems(objects: list[Obj]) -> list[str]:
    found = []
    for obj in objects:
        spec = pod_spec(obj)
        if spec is None:
            continue
        where = f"{obj['kind']}/{obj['metadata']['name']}"
        pod_security = spec.get("securityContext", {})
        if pod_security.get("runAsNonRoot") is not True:
            found.append(f"{where}: the pod does not set runAsNonRoot: true")
        if pod_security.get("seccompProfile", {}).get("type") != "RuntimeDefault":
            found.append(f"{where}: the pod's seccompProfile is not RuntimeDefault")
        if spec.get("automountServiceAccountToken") is not False:
            found.append(f"{where}: the pod mounts a service account token it does not use")
        for container in containers(obj, init=True):
            name = f"{where} container {container['name']}"
            resources = container.get("resources", {})
            for kind in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    if resource not in resources.get(kind, {}):
                        found.append(f"{name}: no {resource} {kind[:-1]}")
            security = container.get("securityContext", {})
            if security.get("allowPrivilegeEscalation") is not False:
                found.append(f"{name}: allowPrivilegeEscalation is not false")
            if security.get("readOnlyRootFilesystem") is not True:
                found.append(f"{name}: the root filesystem is writable")
            if "ALL" not in security.get("capabilities", {}).get("drop", []):
                found.append(f"{name}: does not drop ALL capabilities")
            image = container.get("image", "")
            tag = image.rpartition(":")[2] if ":" in image.rpartition("/")[2] else ""
            if "@sha256:" not in image and (not tag or tag == "latest"):
                found.append(f"{name}: image {image!r} is not pinned to a version")
        if obj["kind"] == "Deployment":
            for container in containers(obj, init=False):
                for probe in ("livenessProbe", "readinessProbe"):
                    if probe not in container:
                        found.append(f"{where} container {container['name']}: no {probe}")
    for component in ("backend", "frontend"):
        deployment = _component(objects, component)
        if deployment is None:
            found.append(f"no {component} Deployment")
            continue
        main = next(containers(deployment, init=False))
        for probe, path in (("livenessProbe", LIVE_PATH), ("readinessProbe", READY_PATH)):
            if main.get(probe, {}).get("httpGet", {}).get("path") != path:
                found.append(f"the {component}'s {probe} does not ask {path}")
    if _component(objects, "worker") is None:
        found.append("no worker Deployment")
    return found


def _secret_problems(objects: list[Obj]) -> list[str]:
    found = [
        f"Secret/{o['metadata']['name']} is committed: secrets are created outside git and referenced"
        for o in objects_of(objects, "Secret")
    ]
    for config_map in objects_of(objects, "ConfigMap"):
        for key in config_map.get("data", {}):
            if SECRET_LIKE.search(key):
                found.append(f"ConfigMap/{config_map['metadata']['name']}: {key} looks like a secret")
    for obj in objects:
        for container in containers(obj, init=True):
            for entry in container.get("env", []):
                if SECRET_LIKE.search(entry["name"]) and "valueFrom" not in entry:
                    found.append(f"{obj['metadata']['name']}/{container['name']}: {entry['name']} has a literal value")
                secret_ref = entry.get("valueFrom", {}).get("secretKeyRef")
                if secret_ref and secret_ref["name"] != SECRET_NAME:
                    found.append(f"{obj['metadata']['name']}: {entry['name']} refers to another Secret")
            for source in container.get("envFrom", []):
                if "secretRef" in source and source["secretRef"]["name"] != SECRET_NAME:
                    found.append(f"{obj['metadata']['name']}: envFrom refers to Secret {source['secretRef']['name']}")
    return found


def _network_problems(objects: list[Obj]) -> list[str]:
    found = []
    policies = objects_of(objects, "NetworkPolicy")
    if not any(
        p["spec"]["podSelector"] == {} and "Ingress" in p["spec"]["policyTypes"] and not p["spec"].get("ingress")
        for p in policies
    ):
        found.append("no default-deny ingress NetworkPolicy")
    backend, frontend, worker = (_component(objects, c) for c in ("backend", "frontend", "worker"))
    if backend is None or frontend is None or worker is None:
        return found
    backend_labels, frontend_labels = pod_labels(backend), pod_labels(frontend)
    if not any(selects(p["spec"]["podSelector"], backend_labels) for p in policies):
        found.append("no NetworkPolicy selects the backend pods")
    for policy in policies:
        name = policy["metadata"]["name"]
        for rule in policy["spec"].get("ingress", []):
            peers = rule.get("from", [])
            if selects(policy["spec"]["podSelector"], pod_labels(worker)):
                found.append(f"NetworkPolicy/{name} lets traffic into the worker")
            if not selects(policy["spec"]["podSelector"], backend_labels):
                continue
            if not peers:
                found.append(f"NetworkPolicy/{name} lets any source reach the backend")
            ports = rule.get("ports", [])
            if ports and all(port.get("port") in (METRICS_PORT, "metrics") for port in ports):
                continue
            for peer in peers:
                # Pods of this namespace that are frontend pods and nothing else: no namespace, no address block.
                selector = peer.get("podSelector")
                only_frontend = (
                    set(peer) == {"podSelector"}
                    and selects(selector, frontend_labels)
                    and not selects(selector, backend_labels)
                    and not selects(selector, pod_labels(worker))
                )
                if not only_frontend:
                    found.append(f"NetworkPolicy/{name} lets {peer} reach the backend: only the frontend may")
    for ingress in objects_of(objects, "Ingress"):
        for rule in ingress["spec"].get("rules", []):
            for path in rule["http"]["paths"]:
                service = path["backend"]["service"]["name"]
                if service != "latchkey-frontend":
                    found.append(f"Ingress/{ingress['metadata']['name']} routes {path['path']} to {service}")
    if not objects_of(objects, "Ingress"):
        found.append("no Ingress")
    return found


def _scaling_problems(objects: list[Obj]) -> list[str]:
    found = []
    deployments = {d["metadata"]["name"]: d for d in objects_of(objects, "Deployment")}
    scaled = set()
    for hpa in objects_of(objects, "HorizontalPodAutoscaler"):
        target = hpa["spec"]["scaleTargetRef"]
        if target["kind"] != "Deployment" or target["name"] not in deployments:
            found.append(f"HorizontalPodAutoscaler/{hpa['metadata']['name']} scales missing {target['name']}")
        scaled.add(target["name"])
    budgeted = set()
    for pdb in objects_of(objects, "PodDisruptionBudget"):
        matches = [n for n, d in deployments.items() if selects(pdb["spec"]["selector"], pod_labels(d))]
        if not matches:
            found.append(f"PodDisruptionBudget/{pdb['metadata']['name']} selects no Deployment's pods")
        budgeted.update(matches)
    for component in ("backend", "frontend"):
        deployment = _component(objects, component)
        if deployment is None:
            continue
        if deployment["metadata"]["name"] not in scaled:
            found.append(f"no HorizontalPodAutoscaler for the {component}")
        if deployment["metadata"]["name"] not in budgeted:
            found.append(f"no PodDisruptionBudget for the {component}")
    return found


def _deploy_order_problems(objects: list[Obj]) -> list[str]:
    found = []
    jobs = [j for j in objects_of(objects, "Job") if "migrate" in next(containers(j, init=False))["command"]]
    if not jobs:
        found.append("no Job runs `manage.py migrate`")
    # Step 1 of deploying (README.md there) applies `-l app.kubernetes.io/component=migrate` alone.
    selected = [o for o in objects if o["metadata"].get("labels", {}).get("app.kubernetes.io/component") == "migrate"]
    if [o["kind"] for o in selected] != ["Job"]:
        found.append(f"the label component=migrate selects {[o['kind'] for o in selected]}, not the migrate Job alone")
    config = {k: v for c in objects_of(objects, "ConfigMap") for k, v in c.get("data", {}).items()}
    if config.get("RUN_MIGRATIONS") != "false":
        found.append("the backend's ConfigMap does not set RUN_MIGRATIONS=false: every replica would migrate")
    return found
