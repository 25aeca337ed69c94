package dev.ecsdeployer.actual;

import dev.ecsdeployer.desired.TaskDefinitionSpec.EfsSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.FirelensSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.MountPointSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.UlimitSpec;
import dev.ecsdeployer.desired.TaskDefinitionSpec.VolumeSpec;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.EFSVolumeConfiguration;
import software.amazon.awssdk.services.ecs.model.FirelensConfiguration;
import software.amazon.awssdk.services.ecs.model.MountPoint;
import software.amazon.awssdk.services.ecs.model.Ulimit;
import software.amazon.awssdk.services.ecs.model.Volume;

import java.util.List;
import java.util.TreeMap;

/** The container and volume fields of a described task definition in the spec's canonical form (see {@link EcsNormalisation#RULES}). */
public final class ContainerNormalisation {

    /** The rules for the several-containers form and the service-level settings, beside {@link EcsNormalisation#RULES}. */
    public static final List<EcsNormalisation.Rule> RULES = List.of(
            new EcsNormalisation.Rule("container.command, entryPoint, dependsOn, ulimits, dockerLabels, mountPoints",
                    "ECS returns [] / {} for absent lists and maps; dependsOn and ulimits are matched by name"),
            new EcsNormalisation.Rule("container.readonlyRootFilesystem, linuxParameters.initProcessEnabled,"
                    + " mountPoints[].readOnly", "false and absent are the same"),
            new EcsNormalisation.Rule("taskDefinition.sidecars",
                    "the containers other than the one following the image (containerName), matched by name in any"
                            + " order: a container added by hand is drift, whichever form the config has"),
            new EcsNormalisation.Rule("taskDefinition.volumes[].efsVolumeConfiguration",
                    "rootDirectory '/' and absent are the same; transit encryption and IAM absent mean DISABLED"),
            new EcsNormalisation.Rule("taskDefinition.tags",
                    "the deployer's own (ecs-deployer:) and AWS's (aws:) are not the config's; compared only when"
                            + " the config sets taskDefinition.tags"),
            new EcsNormalisation.Rule("service.platformVersion / propagateTags / availabilityZoneRebalancing",
                    "compared only when the config sets them (ECS fills LATEST / NONE / its own default)"),
            new EcsNormalisation.Rule("service.tags", "only the keys the config names: ECS and other tools add their own"),
            new EcsNormalisation.Rule("service.launchType", "absent when the service has a capacity provider strategy"),
            new EcsNormalisation.Rule("service.capacityProviderStrategy / loadBalancers",
                    "matched by capacity provider / target group ARN; order is not significant; base and weight"
                            + " absent mean 0"));

    private ContainerNormalisation() {
    }

    /** The service's settings with those compared only when a config sets them ({@link ServiceSpec#managedBy}). */
    static dev.ecsdeployer.desired.ServiceSpec settings(dev.ecsdeployer.desired.ServiceSpec spec,
                                                        software.amazon.awssdk.services.ecs.model.Service s) {
        TreeMap<String, String> tags = new TreeMap<>();
        s.tags().forEach(t -> tags.put(t.key(), t.value()));
        return new dev.ecsdeployer.desired.ServiceSpec(spec.cluster(), spec.serviceName(), spec.desiredCount(),
                spec.launchType(), spec.subnets(), spec.securityGroups(), spec.assignPublicIp(), spec.loadBalancer(),
                spec.maximumPercent(), spec.minimumHealthyPercent(), spec.circuitBreakerEnable(),
                spec.circuitBreakerRollback(), spec.alarms(), spec.enableExecuteCommand(),
                spec.healthCheckGracePeriodSeconds(), spec.strategy(), spec.capacityProviderStrategy(), spec.loadBalancers(),
                s.platformVersion() == null ? "LATEST" : s.platformVersion(),
                s.propagateTags() == null ? "NONE" : s.propagateTagsAsString(),
                tags,
                s.availabilityZoneRebalancingAsString(),
                spec.serviceRegistries());
    }

    static List<String> nonEmpty(List<String> values) {
        return values == null || values.isEmpty() ? null : List.copyOf(values);
    }

    static TreeMap<String, String> dependsOn(List<ContainerDependency> dependencies) {
        TreeMap<String, String> out = new TreeMap<>();
        dependencies.forEach(d -> out.put(d.containerName(), d.conditionAsString()));
        return out;
    }

    static TreeMap<String, UlimitSpec> ulimits(List<Ulimit> ulimits) {
        TreeMap<String, UlimitSpec> out = new TreeMap<>();
        ulimits.forEach(u -> out.put(u.nameAsString(), new UlimitSpec(
                u.softLimit() == null ? 0 : u.softLimit(), u.hardLimit() == null ? 0 : u.hardLimit())));
        return out;
    }

    static FirelensSpec firelens(FirelensConfiguration f) {
        return f == null ? null : new FirelensSpec(f.typeAsString(), new TreeMap<>(f.options()));
    }

    static List<MountPointSpec> mountPoints(List<MountPoint> mounts) {
        return mounts.stream().map(m -> new MountPointSpec(m.sourceVolume(), m.containerPath(),
                Boolean.TRUE.equals(m.readOnly()))).toList();
    }

    static TreeMap<String, VolumeSpec> volumes(List<Volume> volumes) {
        TreeMap<String, VolumeSpec> out = new TreeMap<>();
        volumes.forEach(v -> out.put(v.name(), new VolumeSpec(efs(v.efsVolumeConfiguration()))));
        return out;
    }

    private static EfsSpec efs(EFSVolumeConfiguration e) {
        if (e == null) {
            return null;
        }
        String accessPoint = e.authorizationConfig() == null ? null : e.authorizationConfig().accessPointId();
        String iam = e.authorizationConfig() == null || e.authorizationConfig().iam() == null ? "DISABLED"
                : e.authorizationConfig().iamAsString();
        String root = e.rootDirectory() == null || e.rootDirectory().equals("/") ? null : e.rootDirectory();
        return new EfsSpec(e.fileSystemId(), root,
                e.transitEncryption() == null ? "DISABLED" : e.transitEncryptionAsString(), accessPoint, iam);
    }
}
