"""Makes moto 5.2.1's ECS deployments behave as AWS's do, for the ecs-deployer test harness.

Loaded into moto_server by ``sitecustomize.py`` beside it (MotoServer puts this directory on
PYTHONPATH). What it changes, and why, is in src/test/java/dev/ecsdeployer/harness/MOTO-GAPS.md:

* UpdateService with a task definition that differs from the service's, or with
  forceNewDeployment, or with a changed network configuration, load balancers, platform version,
  service registries or capacity provider strategy (the settings that replace tasks) starts a new
  PRIMARY deployment with a new id; the previous PRIMARY becomes ACTIVE. moto keeps one
  deployment forever (force only renames it).
* ``service.taskDefinition`` after UpdateService is the full ARN, as on AWS; moto stores the
  literal string passed (e.g. ``family:2``).
* CreateService keeps the strategy settings of ``deploymentConfiguration`` (strategy, bake times,
  linear and canary settings, lifecycle hooks), as AWS does; moto drops the whole object on create.
  The limits and the circuit breaker stay dropped (an older, pinned gap).
* Deployment ids look like AWS's: ``ecs-svc/`` and 19 digits.
* RunTask of a Fargate task definition whose containers have no memory of their own (the task's
  is used, as on AWS) works; moto adds None to its tally and fails with a 500. And RunTask in a VPC
  without DNS host names works: moto reads the ENI's private DNS name, which it sets only with them.
* CreateService keeps a capacity provider strategy and ``availabilityZoneRebalancing``, and a
  service with a strategy has no launch type (moto drops both and answers launchType EC2); so does
  UpdateService with a strategy.
* SSM GetParametersByPath (without filters) builds only the page it answers; moto builds every
  matching parameter for each page, so paging 10,000 configs took it quadratic time (a benchmark
  concern: the answers are the same).
* A service is found by its key, not by walking every service (which also failed when another request
  created a service meanwhile).
* Describes by name look their resources up instead of testing every resource against the whole list of
  names (CloudWatch DescribeAlarms ``AlarmNames``, Application Auto Scaling DescribeScalableTargets
  ``ResourceIds``): at 10,000 services moto spent ~250 ms a call comparing 70,000 alarms with 100 names.
  The answers and their order are moto's.
* Application Auto Scaling DescribeScalingPolicies with ``ResourceId`` answers that resource's policies only;
  moto answers every policy whose resource id is a substring of the one asked for (asked for
  ``service/c/api-2``, it also answers ``service/c/api``'s policies).
* CloudWatch DescribeAlarms with ``MaxRecords`` answers that many metric alarms and a ``NextToken`` for the rest,
  as AWS pages (1 to 100); moto answers every matching alarm at once.
* CloudWatch Logs DescribeLogGroups with ``logGroupIdentifiers`` (1 to 50 log group names or ARNs) answers
  only those log groups, as AWS does; moto ignores the parameter and lists every log group, a page at a time.
  With ``logGroupNamePrefix`` or ``logGroupNamePattern`` beside it, or more than 50, it is refused
  (InvalidParameterException), as on AWS.
* ``/moto-api/ecs-deployer/deployment`` (POST JSON) lets the harness move a deployment the way
  ECS would (rollout state and reason, or completion draining the others), since nothing in moto
  ever runs tasks. ``GET`` answers whether this module is loaded.

Only one earlier deployment is kept (ACTIVE): the harness treats the ones before it as drained.
"""

import datetime
import copy
import json
import types

from moto.core.utils import utcnow
from moto.ec2.models import elastic_network_interfaces as eni_models
from moto.ecs import models as ecs_models
from moto.ecs import responses as ecs_responses
from moto.ecs.exceptions import ServiceNotFoundException
from moto.logs import responses as logs_responses
from moto.logs.exceptions import InvalidParameterException as LogsInvalidParameterException
from moto.moto_api._internal import mock_random
from moto.moto_api._internal import urls as moto_api_urls

#: UpdateService settings whose change makes ECS replace the tasks, i.e. start a deployment.
_REPLACING = (
    "network_configuration",
    "load_balancers",
    "platform_version",
    "service_registries",
    "capacity_provider_strategy",
)


def new_deployment_id():
    """ecs-svc/ followed by 19 digits, the form AWS answers."""
    return "ecs-svc/" + str(mock_random.randint(10**18, 10**19 - 1))


def _new_deployment(service, now):
    deployment_id = new_deployment_id()
    return {
        "createdAt": now,
        "desiredCount": service.desired_count,
        "failedTasks": 0,
        "id": deployment_id,
        "launchType": service.launch_type,
        "pendingCount": service.desired_count,
        "rolloutState": "IN_PROGRESS",
        "rolloutStateReason": f"ECS deployment {deployment_id} in progress.",
        "runningCount": 0,
        "platformVersion": service.platform_version,
        "networkConfiguration": service.network_configuration or None,
        "platformFamily": "EC2" if service.launch_type == "EC2" else "FARGATE",
        "status": "PRIMARY",
        "taskDefinition": service.task_definition,
        "updatedAt": now,
    }


def start_deployment(service):
    """A new PRIMARY deployment; the previous PRIMARY becomes ACTIVE, older ones are gone."""
    now = utcnow()
    previous = [d for d in service.deployments if d.get("status") == "PRIMARY"]
    for d in previous:
        d["status"] = "ACTIVE"
        d["updatedAt"] = now
    service.deployments = [_new_deployment(service, now)] + previous[:1]
    return service.deployments[0]


_original_service_init = ecs_models.Service.__init__


def _service_init(self, *args, **kwargs):
    _original_service_init(self, *args, **kwargs)
    # CreateService: one PRIMARY deployment, id in AWS's form, task definition as the ARN (moto
    # already resolves it on create).
    for d in self.deployments:
        old_id = d["id"]
        d["id"] = new_deployment_id()
        d["rolloutStateReason"] = d.get("rolloutStateReason", "").replace(old_id, d["id"])


_original_update_service = ecs_models.EC2ContainerServiceBackend.update_service


def _update_service(self, service_properties):
    props = dict(service_properties)
    cluster_str = props.get("cluster", "default")
    service_name = props["service"].split("/")[-1]
    force = bool(props.pop("force_new_deployment", False))
    service = self._get_service(cluster_str, service_name)
    before_task_definition = service.task_definition
    before = {k: copy.deepcopy(getattr(service, k, None)) for k in _REPLACING}
    task_definition_str = props.get("task_definition")
    arn = self.describe_task_definition(task_definition_str).arn if task_definition_str else None

    updated = _original_update_service(self, props)

    if arn:
        updated.task_definition = arn
    _after_update(updated, props)
    replaced = [k for k in _REPLACING if props.get(k) is not None and props[k] != before[k]]
    if updated.deployment_controller.get("type", "ECS") == "ECS":
        if force or updated.task_definition != before_task_definition or replaced:
            start_deployment(updated)
        else:
            for d in updated.deployments:
                if d.get("status") == "PRIMARY":
                    d["desiredCount"] = updated.desired_count
    return updated


def _find_service(body):
    account = body.get("accountId", "123456789012")
    region = body.get("region", "us-east-1")
    backend = ecs_models.ecs_backends[account][region]
    return backend._get_service(body.get("cluster", "default"), body["service"])


def _deployment_api(request, full_url, headers):
    """GET: is the module loaded. POST: change one deployment of a service, as ECS would.

    POST body: {"cluster", "service", "deploymentId", optional "accountId", "region",
    "rolloutState", "rolloutStateReason", "failedTasks", "startedMinutesAgo", "complete": true}.
    ``startedMinutesAgo`` moves its start back (a deployment that has run that long). ``complete`` marks the
    deployment COMPLETED (all tasks running) and drains every other deployment of the service,
    what ECS does when a deployment reaches steady state.
    """
    if request.method == "GET":
        return 200, {"Content-Type": "application/json"}, json.dumps({"ecsDeployments": "aws-like"})
    body = json.loads(request.get_data(as_text=True) or "{}")
    try:
        service = _find_service(body)
    except ServiceNotFoundException:
        return 404, {}, json.dumps({"error": "no such service", "request": body})
    wanted = body["deploymentId"]
    matches = [d for d in service.deployments if d["id"] == wanted]
    if not matches:
        return 404, {}, json.dumps({"error": f"no deployment {wanted}",
                                    "deployments": [d["id"] for d in service.deployments]})
    deployment = matches[0]
    now = utcnow()
    if body.get("complete"):
        deployment["status"] = "PRIMARY"
        deployment["rolloutState"] = "COMPLETED"
        deployment["rolloutStateReason"] = f"ECS deployment {wanted} completed."
        deployment["runningCount"] = deployment.get("desiredCount", service.desired_count)
        deployment["pendingCount"] = 0
        service.deployments = [deployment]
        service.task_definition = deployment["taskDefinition"]
    for key, field in (("rolloutState", "rolloutState"), ("rolloutStateReason", "rolloutStateReason"),
                       ("failedTasks", "failedTasks")):
        if key in body:
            deployment[field] = body[key]
    if "startedMinutesAgo" in body:
        deployment["createdAt"] = now - datetime.timedelta(minutes=int(body["startedMinutesAgo"]))
    deployment["updatedAt"] = now
    answer = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in d.items()}
              for d in service.deployments]
    return 200, {"Content-Type": "application/json"}, json.dumps({"deployments": answer})


_task_requirements = ecs_models.EC2ContainerServiceBackend._calculate_task_resource_requirements


def _fargate_task_requirements(task_definition):
    """Containers without memory (Fargate sizes the task) count 0, not None."""
    containers = [c if any(c.get(k) is not None for k in ("memory", "memoryReservation", "Memory",
                                                           "MemoryReservation"))
                  else dict(c, memory=0) for c in task_definition.container_definitions]
    return _task_requirements(types.SimpleNamespace(container_definitions=containers))


# An ENI in a VPC without DNS host names has no private DNS name (AWS: empty); the task's attachment reads it.
eni_models.NetworkInterface.private_dns_name = None
ecs_models.EC2ContainerServiceBackend._calculate_task_resource_requirements = staticmethod(
    _fargate_task_requirements)
#: The deploymentConfiguration fields of ECS's native strategies (2025), kept by CreateService here.
_STRATEGY_KEYS = ("strategy", "bakeTimeInMinutes", "linearConfiguration", "canaryConfiguration", "lifecycleHooks")

_original_create_service_response = ecs_responses.EC2ContainerServiceResponse.create_service


def _create_service_response(self):
    """CreateService keeps what AWS keeps and moto drops: the strategy settings of deploymentConfiguration,
    a capacity provider strategy (then no launch type; moto defaults it to EC2) and AZ rebalancing.
    """
    result = _original_create_service_response(self)
    config = self._get_param("deploymentConfiguration") or {}
    kept = {k: copy.deepcopy(v) for k, v in config.items() if k in _STRATEGY_KEYS}
    strategy = self._get_param("capacityProviderStrategy")
    rebalancing = self._get_param("availabilityZoneRebalancing")
    if kept or strategy or rebalancing:
        service = self.ecs_backend._get_service(self._get_param("cluster", "default"), self._get_param("serviceName"))
        if kept:
            service.deployment_configuration = kept
        if strategy:
            service.capacity_provider_strategy = strategy
            service.launch_type = None
            for d in service.deployments:
                d.pop("launchType", None)
                d["capacityProviderStrategy"] = strategy
                d["platformFamily"] = "FARGATE"
        if rebalancing:
            service.availability_zone_rebalancing = rebalancing
    return result


def _after_update(service, props):
    # A capacity provider strategy replaces the launch type (UpdateService cannot set one), as on AWS; an
    # empty one takes a Fargate service back to the FARGATE launch type.
    if props.get("capacity_provider_strategy") == []:
        service.capacity_provider_strategy = None
        service.launch_type = "FARGATE"
    elif props.get("capacity_provider_strategy"):
        service.launch_type = None
        for d in service.deployments:
            if d.get("status") == "PRIMARY":
                d.pop("launchType", None)
                d["capacityProviderStrategy"] = props["capacity_provider_strategy"]
                d["platformFamily"] = "FARGATE"


def _get_service(self, cluster_str, service_str):
    """The service by its key (``cluster:name``), as moto stores it. moto looks for it by walking every service,
    which costs time growing with the account and fails ("dictionary changed size during iteration") when
    another request creates a service meanwhile, as the fleet benchmark's seeding threads do."""
    cluster = self._get_cluster(cluster_str)
    service = self.services.get(f"{cluster.name}:{service_str.split('/')[-1]}")
    if service is not None and (service.name == service_str or service.arn == service_str):
        return service
    raise ServiceNotFoundException


ecs_models.Service.__init__ = _service_init
ecs_models.EC2ContainerServiceBackend._get_service = _get_service
ecs_responses.EC2ContainerServiceResponse.create_service = _create_service_response
ecs_models.EC2ContainerServiceBackend.update_service = _update_service
moto_api_urls.url_paths["{0}/moto-api/ecs-deployer/deployment"] = _deployment_api


# --- SSM: GetParametersByPath pages in time that does not grow with the account's parameters.
# moto builds every matching parameter (and reads its tags) for each page and then slices one page
# out: at 10,000 configs a page costs it ~100 ms, and paging an environment is quadratic. AWS pages
# in constant time. Without filters (the deployer sends none), only the page's parameters are built.
from moto.ssm import models as ssm_models

_original_by_path = ssm_models.SimpleSystemManagerBackend.get_parameters_by_path


def _get_parameters_by_path(self, path, recursive, filters=None, next_token=None, max_results=10):
    if filters or int(max_results) > ssm_models.PARAMETER_BY_PATH_MAX_RESULTS:
        return _original_by_path(self, path, recursive, filters, next_token, max_results)
    prefix = path.rstrip("/") + "/"
    # The first page lists the names under the path; the next pages of that listing reuse it while the
    # account holds as many parameters (a value changed between pages is still read fresh below).
    listing = getattr(self, "_ecs_deployer_listing", None)
    key = (prefix, bool(recursive), len(self._parameters))
    if next_token is None or listing is None or listing[0] != key:
        listing = (key, list(self._parameters.get_keys_beginning_with(prefix, recursive)))
        self._ecs_deployer_listing = listing
    names = listing[1]
    start = int(next_token or "0")
    size = int(max_results)
    page = [self.get_parameter(name) for name in names[start:start + size]]
    return page, (str(start + size) if len(page) == size else None)


ssm_models.SimpleSystemManagerBackend.get_parameters_by_path = _get_parameters_by_path


# --- CloudWatch Logs: DescribeLogGroups by logGroupIdentifiers.
#: AWS's most log groups in one DescribeLogGroups ``logGroupIdentifiers`` (the API model's list bound).
_MAX_LOG_GROUP_IDENTIFIERS = 50

_original_describe_log_groups = logs_responses.LogsResponse.describe_log_groups


def _log_group_name(identifier):
    """A log group's name from its name or ARN (``arn:...:log-group:<name>``, optionally ``:*``)."""
    if identifier.startswith("arn:") and ":log-group:" in identifier:
        name = identifier.split(":log-group:", 1)[1]
        return name[:-2] if name.endswith(":*") else name
    return identifier


def _describe_log_groups(self):
    """DescribeLogGroups by ``logGroupIdentifiers``: only the named log groups (a missing one is left out)."""
    identifiers = self._get_param("logGroupIdentifiers")
    if identifiers is None:
        return _original_describe_log_groups(self)
    if not 1 <= len(identifiers) <= _MAX_LOG_GROUP_IDENTIFIERS:
        raise LogsInvalidParameterException(
            constraint="Member must have length less than or equal to 50 and greater than or equal to 1",
            parameter="logGroupIdentifiers", value=identifiers)
    if self._get_param("logGroupNamePrefix") or self._get_param("logGroupNamePattern"):
        raise LogsInvalidParameterException(
            "If you specify logGroupIdentifiers, the only other filter you can specify is includeLinkedAccounts")
    wanted = {_log_group_name(i) for i in identifiers}
    groups = [g for name, g in sorted(self.logs_backend.groups.items()) if name in wanted]
    return json.dumps({"logGroups": [g.to_describe_dict() for g in groups]})


logs_responses.LogsResponse.describe_log_groups = _describe_log_groups


# --- Describes by name: a set lookup per resource instead of a list scan per resource.
from moto.applicationautoscaling import models as aas_models
from moto.cloudwatch import models as cw_models


def _alarms_by_names(self, alarm_names):
    wanted = set(alarm_names)
    return [alarm for alarm in self.alarms.values() if alarm.name in wanted]


def _describe_scalable_targets(self, namespace, r_ids, dimension):
    wanted = set(r_ids or ())
    dimensions = [dimension] if dimension is not None else list(self.targets.keys())
    return [t for d in dimensions for t in self.targets.get(d, {}).values()
            if t.service_namespace == namespace and (not wanted or t.resource_id in wanted)]


class _PoliciesByResource(dict):
    """moto's policies (key -> policy, in moto's order) that also keep each resource's policies, in the same order.
    moto changes its policies only by item assignment (PutScalingPolicy) and ``del`` (DeleteScalingPolicy)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_resource = {}
        for key, policy in self.items():
            self.by_resource.setdefault(policy.resource_id, {})[key] = policy

    def __setitem__(self, key, policy):
        super().__setitem__(key, policy)
        self.by_resource.setdefault(policy.resource_id, {})[key] = policy

    def __delitem__(self, key):
        policy = self[key]
        super().__delitem__(key)
        resource = self.by_resource.get(policy.resource_id, {})
        resource.pop(key, None)
        if not resource:
            self.by_resource.pop(policy.resource_id, None)


_original_aas_init = aas_models.ApplicationAutoscalingBackend.__init__


def _aas_init(self, *args, **kwargs):
    _original_aas_init(self, *args, **kwargs)
    self.policies = _PoliciesByResource(self.policies)


_original_describe_scaling_policies = aas_models.ApplicationAutoscalingBackend.describe_scaling_policies


def _describe_scaling_policies(self, service_namespace, resource_id, scalable_dimension, max_results, next_token):
    if not resource_id:
        return _original_describe_scaling_policies(self, service_namespace, resource_id, scalable_dimension,
                                                   max_results, next_token)
    max_results = max_results or 100
    policies = [p for p in self.policies.by_resource.get(resource_id, {}).values()
                if p.service_namespace == service_namespace
                and (not scalable_dimension or p.scalable_dimension == scalable_dimension)]
    start = int(next_token) if next_token else 0
    end = start + max_results
    return (str(end) if end < len(policies) else None), policies[start:end]


cw_models.CloudWatchBackend.get_alarms_by_alarm_names = _alarms_by_names
aas_models.ApplicationAutoscalingBackend.describe_scalable_targets = _describe_scalable_targets
aas_models.ApplicationAutoscalingBackend.describe_scaling_policies = _describe_scaling_policies
aas_models.ApplicationAutoscalingBackend.__init__ = _aas_init


# --- CloudWatch DescribeAlarms pages by MaxRecords and NextToken, as AWS does.
from moto.cloudwatch import responses as cw_responses
from moto.core.responses import ActionResult

_original_describe_alarms = cw_responses.CloudWatchResponse.describe_alarms


def _describe_alarms(self):
    max_records = self._get_param("MaxRecords")
    answer = _original_describe_alarms(self)
    if not max_records:
        return answer
    # A page is a slice of moto's answer (the account's order); the token is where the next one starts.
    result = dict(answer.result)
    start = int(self._get_param("NextToken") or 0)
    end = start + int(max_records)
    metric = list(result["MetricAlarms"])
    result["MetricAlarms"] = metric[start:end]
    if end < len(metric):
        result["NextToken"] = str(end)
    return ActionResult(result)


cw_responses.CloudWatchResponse.describe_alarms = _describe_alarms
