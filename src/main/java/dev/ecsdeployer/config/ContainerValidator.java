package dev.ecsdeployer.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.ecsdeployer.config.AwsFormats.*;

/**
 * Rules of {@code taskDefinition.containers}, the task's volumes, ephemeral storage and tags: what ECS would
 * reject at RegisterTaskDefinition (or accept and then fail to start), and where the sidecars' images may come from.
 */
final class ContainerValidator {

    /** {@code <registry>/<repository>} then {@code @sha256:<digest>} or {@code :<tag>}. */
    static final Pattern IMAGE = Pattern.compile("([a-z0-9.-]+(?::[0-9]+)?)/((?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*"
            + "[a-z0-9]+(?:[._-][a-z0-9]+)*)(?:@(sha256:[0-9a-f]{64})|:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))");
    static final String IMAGE_MESSAGE = "must be <registry>/<repository>@sha256:<64 hex digits>, or"
            + " <registry>/<repository>:<tag> of an ECR repository";
    static final Pattern PORT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final Pattern FILE_SYSTEM_ID = Pattern.compile("fs-[0-9a-f]{8,40}");
    static final Pattern ACCESS_POINT_ID = Pattern.compile("fsap-[0-9a-f]{8,40}");
    static final Pattern TAG_KEY = Pattern.compile("(?!aws:)(?!ecs-deployer:).{1,128}");
    static final List<String> SINGLE_CONTAINER_FIELDS = List.of("containerName", "containerPort", "hostPort",
            "environment", "secrets", "healthCheck", "stopTimeout", "logStreamPrefix");
    static final int MAX_CONTAINERS = 10;

    private ContainerValidator() {
    }

    static void checkTask(TaskDefinitionConfig task, ImageSource image, Problems problems) {
        if (task.ephemeralStorageGiB() != null) {
            problems.between("taskDefinition.ephemeralStorageGiB", task.ephemeralStorageGiB(), 21, 200,
                    " GiB (Fargate gives 20 GiB free; leave it out for that)");
        }
        Set<String> volumes = checkVolumes(task.volumes(), problems);
        checkTags("taskDefinition.tags", task.tags(), problems);
        if (task.containers() != null) {
            checkContainers(task, image, volumes, problems);
        }
    }

    private static void checkContainers(TaskDefinitionConfig task, ImageSource image, Set<String> volumes,
                                        Problems problems) {
        Object[] values = {task.containerName(), task.containerPort(), task.hostPort(), task.environment(),
                task.secrets(), task.healthCheck(), task.stopTimeout(), task.logStreamPrefix()};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                problems.add("taskDefinition." + SINGLE_CONTAINER_FIELDS.get(i), values[i],
                        "is a single-container field; with taskDefinition.containers set it on the container");
            }
        }
        List<ContainerConfig> containers = task.containers();
        if (containers.isEmpty() || containers.size() > MAX_CONTAINERS) {
            problems.add("taskDefinition.containers", null, "lists " + containers.size()
                    + " containers; list 1 to " + MAX_CONTAINERS);
        }
        long following = containers.stream().filter(ContainerConfig::follows).count();
        if (following != 1) {
            problems.add("taskDefinition.containers", null, following + " containers have \"followsImage\": true;"
                    + " exactly one must follow the image (" + (image == null ? "image.repository"
                    + "" : image.repository() + ":" + image.tag()) + "), the others name theirs in \"image\"");
        }
        Set<String> names = new HashSet<>();
        Map<String, ContainerConfig> byName = new HashMap<>();
        for (int i = 0; i < containers.size(); i++) {
            ContainerConfig c = containers.get(i);
            String at = "taskDefinition.containers[" + i + "]";
            if (c.name() != null && !names.add(c.name())) {
                problems.add(at + ".name", c.name(), "is already the name of another container; names are unique");
            }
            byName.putIfAbsent(c.name(), c);
        }
        boolean firelens = containers.stream().anyMatch(c -> c.firelensConfiguration() != null);
        if (containers.stream().filter(c -> c.firelensConfiguration() != null).count() > 1) {
            problems.add("taskDefinition.containers", null, "more than one container has a firelensConfiguration;"
                    + " a task has at most one log router");
        }
        if (!containers.isEmpty() && containers.stream().noneMatch(c -> Boolean.TRUE.equals(c.essential()))) {
            problems.add("taskDefinition.containers", null, "no container is essential; ECS needs at least one");
        }
        Map<Integer, String> ports = new HashMap<>();
        for (int i = 0; i < containers.size(); i++) {
            checkContainer("taskDefinition.containers[" + i + "]", containers.get(i), image, byName, volumes,
                    firelens, ports, problems);
        }
    }

    private static void checkContainer(String at, ContainerConfig c, ImageSource image,
                                       Map<String, ContainerConfig> byName, Set<String> volumes, boolean firelens,
                                       Map<Integer, String> ports, Problems problems) {
        problems.matches(at + ".name", c.name(), ECS_NAME, ECS_NAME_MESSAGE);
        if (c.follows() && c.image() != null) {
            problems.add(at + ".image", c.image(), "is set on the container that follows the image; it runs the"
                    + " pushed image: leave \"image\" out, or set \"followsImage\": false");
        } else if (!c.follows() && c.image() == null) {
            problems.add(at + ".image", null, "is required: a container that does not follow the image names its"
                    + " image, pinned by digest or by an ECR tag");
        } else if (!c.follows()) {
            checkImage(at + ".image", c.image(), image, problems);
        }
        c.environment().keySet().forEach(name ->
                problems.matches(at + ".environment", name, VARIABLE_NAME, VARIABLE_NAME_MESSAGE));
        c.secrets().forEach((name, valueFrom) -> {
            problems.matches(at + ".secrets", name, VARIABLE_NAME, VARIABLE_NAME_MESSAGE);
            ConfigValidator.checkValueFrom(at + ".secrets." + name, valueFrom, problems);
            if (c.environment().containsKey(name)) {
                problems.add(at + ".secrets", name, "is also set in " + at + ".environment; a variable must come"
                        + " from one place");
            }
        });
        if (c.healthCheck() != null) {
            ConfigValidator.checkHealthCheck(at + ".healthCheck", c.healthCheck(), problems);
        }
        for (int p = 0; p < c.portMappings().size(); p++) {
            ContainerConfig.PortMapping port = c.portMappings().get(p);
            String pat = at + ".portMappings[" + p + "]";
            problems.between(pat + ".containerPort", port.containerPort(), 1, 65535, "");
            if (port.hostPort() != null && port.containerPort() != null && !port.hostPort().equals(port.containerPort())) {
                problems.add(pat + ".hostPort", port.hostPort(), "must equal containerPort " + port.containerPort()
                        + " (awsvpc network mode)");
            }
            problems.matches(pat + ".name", port.name(), PORT_NAME, "must be 1 to 64 lowercase letters, digits"
                    + " or hyphens, not starting with a hyphen");
            if (port.containerPort() != null) {
                String earlier = ports.putIfAbsent(port.containerPort(), pat);
                if (earlier != null) {
                    problems.add(pat + ".containerPort", port.containerPort(), "is already mapped by " + earlier
                            + "; the task's containers share one network (awsvpc)");
                }
            }
        }
        for (int d = 0; d < c.dependsOn().size(); d++) {
            ContainerConfig.Dependency dep = c.dependsOn().get(d);
            String dat = at + ".dependsOn[" + d + "].containerName";
            if (dep.containerName() == null) {
                continue;
            }
            if (dep.containerName().equals(c.name())) {
                problems.add(dat, dep.containerName(), "is this container; a container cannot wait for itself");
            } else if (!byName.containsKey(dep.containerName())) {
                problems.add(dat, dep.containerName(), "names no container of this task; containers: "
                        + String.join(", ", byName.keySet().stream().filter(n -> n != null).sorted().toList()));
            } else if ("HEALTHY".equals(dep.condition()) && byName.get(dep.containerName()).healthCheck() == null) {
                problems.add(at + ".dependsOn[" + d + "].condition", "HEALTHY", "needs a healthCheck on container "
                        + dep.containerName() + " (ECS never reports it healthy otherwise)");
            }
        }
        problems.between(at + ".stopTimeout", c.stopTimeout(), 2, 120, " seconds (Fargate)");
        for (int u = 0; u < c.ulimits().size(); u++) {
            ContainerConfig.Ulimit limit = c.ulimits().get(u);
            String uat = at + ".ulimits[" + u + "]";
            problems.atLeast(uat + ".softLimit", limit.softLimit(), 0);
            problems.atLeast(uat + ".hardLimit", limit.hardLimit(), 0);
            if (limit.softLimit() != null && limit.hardLimit() != null && limit.softLimit() > limit.hardLimit()) {
                problems.add(uat + ".softLimit", limit.softLimit(), "is greater than hardLimit " + limit.hardLimit());
            }
        }
        if (c.logConfiguration() != null && "awsfirelens".equals(c.logConfiguration().logDriver()) && !firelens) {
            problems.add(at + ".logConfiguration.logDriver", "awsfirelens", "needs a log router: a container of this"
                    + " task with a firelensConfiguration");
        }
        for (int m = 0; m < c.mountPoints().size(); m++) {
            ContainerConfig.MountPoint mount = c.mountPoints().get(m);
            String mat = at + ".mountPoints[" + m + "]";
            if (mount.sourceVolume() != null && !volumes.contains(mount.sourceVolume())) {
                problems.add(mat + ".sourceVolume", mount.sourceVolume(), "names no volume of taskDefinition.volumes"
                        + (volumes.isEmpty() ? " (there are none)" : "; volumes: "
                        + String.join(", ", volumes.stream().sorted().toList())));
            }
            if (mount.containerPath() != null && !mount.containerPath().startsWith("/")) {
                problems.add(mat + ".containerPath", mount.containerPath(), "must be an absolute path");
            }
        }
    }

    /** The image's format, and that it comes from the config's registry or one {@code _defaults} allows. */
    private static void checkImage(String at, String value, ImageSource image, Problems problems) {
        var m = IMAGE.matcher(value);
        if (!m.matches()) {
            problems.add(at, value, IMAGE_MESSAGE);
            return;
        }
        String registry = m.group(1);
        boolean ecr = ECR_REGISTRY.matcher(registry).matches();
        if (m.group(4) != null && !ecr) {
            problems.add(at, value, "names a tag in " + registry + ", which is not an ECR registry: pin it by digest"
                    + " (<registry>/<repository>@sha256:...)");
        }
        List<String> allowed = image == null || image.sidecarRegistries() == null ? List.of() : image.sidecarRegistries();
        String own = image == null ? null : image.registry();
        // With no image.registry, the config's registry is the push's: the reconcile checks an ECR host against it.
        boolean mayBeOwn = own == null ? ecr : own.equals(registry);
        if (!mayBeOwn && !allowed.contains(registry)) {
            problems.add(at, value, "comes from registry " + registry + ", which is neither the config's registry ("
                    + (own == null ? "the pushed image's" : own) + ") nor one the environment's _defaults allows"
                    + " (image.sidecarRegistries: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + ")");
        }
    }

    private static Set<String> checkVolumes(List<VolumeConfig> volumes, Problems problems) {
        Set<String> names = new HashSet<>();
        if (volumes == null) {
            return names;
        }
        for (int i = 0; i < volumes.size(); i++) {
            VolumeConfig v = volumes.get(i);
            String at = "taskDefinition.volumes[" + i + "]";
            problems.matches(at + ".name", v.name(), ECS_NAME, ECS_NAME_MESSAGE);
            if (v.name() != null && !names.add(v.name())) {
                problems.add(at + ".name", v.name(), "is already the name of another volume");
            }
            VolumeConfig.Efs efs = v.efs();
            if (efs == null) {
                continue;
            }
            problems.matches(at + ".efs.fileSystemId", efs.fileSystemId(), FILE_SYSTEM_ID,
                    "must be an EFS file system id: fs- followed by hexadecimal digits");
            problems.matches(at + ".efs.accessPointId", efs.accessPointId(), ACCESS_POINT_ID,
                    "must be an EFS access point id: fsap- followed by hexadecimal digits");
            if (efs.rootDirectory() != null && !efs.rootDirectory().startsWith("/")) {
                problems.add(at + ".efs.rootDirectory", efs.rootDirectory(), "must be an absolute path");
            }
            boolean tls = Boolean.TRUE.equals(efs.transitEncryption());
            if (efs.accessPointId() != null && !tls) {
                problems.add(at + ".efs.transitEncryption", efs.transitEncryption(), "must be true with an access"
                        + " point (ECS requires encryption in transit for accessPointId)");
            } else if (Boolean.TRUE.equals(efs.iamAuthorization()) && !tls) {
                problems.add(at + ".efs.transitEncryption", efs.transitEncryption(), "must be true with"
                        + " iamAuthorization (ECS requires encryption in transit for IAM authorisation)");
            }
            if (efs.accessPointId() != null && efs.rootDirectory() != null && !efs.rootDirectory().equals("/")) {
                problems.add(at + ".efs.rootDirectory", efs.rootDirectory(), "must be left out (or \"/\") with an"
                        + " access point: the access point sets the directory");
            }
        }
        return names;
    }

    static void checkTags(String path, Map<String, String> tags, Problems problems) {
        if (tags == null) {
            return;
        }
        tags.forEach((key, value) -> {
            problems.matches(path, key, TAG_KEY, "is not a tag key the config may set: 1 to 128 characters, not"
                    + " starting with aws: (AWS's) or ecs-deployer: (the deployer's own)");
            if (value != null && value.length() > 256) {
                problems.add(path + "." + key, null, "is " + value.length() + " characters; a tag value has at"
                        + " most 256");
            }
        });
    }
}
