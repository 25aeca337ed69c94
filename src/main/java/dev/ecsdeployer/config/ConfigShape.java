package dev.ecsdeployer.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The structure of a (merged) config document: the fields each object may hold, their JSON
 * types and which are required. Mirrors the records' component names; kept as data rather than
 * derived by reflection so that it works the same in a native image.
 * {@code schema/service-config.schema.json} describes the same structure for editors and CI.
 */
final class ConfigShape {

    sealed interface Shape permits ObjectShape, Scalar, EnumShape, ArrayShape, MapShape {
    }

    /** An object with a fixed set of fields. */
    record ObjectShape(Map<String, Shape> fields, Set<String> required) implements Shape {
    }

    enum Scalar implements Shape {
        STRING("must be a string"),
        INTEGER("must be an integer"),
        NUMBER("must be a number"),
        BOOLEAN("must be true or false");

        final String typeMessage;

        Scalar(String typeMessage) {
            this.typeMessage = typeMessage;
        }
    }

    /** A string from a fixed list (needed before binding: Jackson cannot bind other values to an enum). */
    record EnumShape(List<String> values) implements Shape {
    }

    record ArrayShape(Shape items) implements Shape {
    }

    /** An object whose keys are free (environment variables, secrets, metric dimensions). */
    record MapShape(Shape values) implements Shape {
    }

    private static final Shape STRING_LIST = new ArrayShape(Scalar.STRING);
    private static final Shape STRING_MAP = new MapShape(Scalar.STRING);

    private static final ObjectShape TARGET_TRACKING = object()
            .required("targetValue", Scalar.NUMBER)
            .optional("scaleInCooldown", Scalar.INTEGER)
            .optional("scaleOutCooldown", Scalar.INTEGER)
            .build();

    private static final ObjectShape FARGATE_PRICE = object()
            .required("vcpuHour", Scalar.NUMBER)
            .required("gbHour", Scalar.NUMBER)
            .build();

    static final ObjectShape SERVICE_CONFIG = object()
            .optional("name", Scalar.STRING)
            .required("project", Scalar.STRING)
            .optional("environment", Scalar.STRING)
            .required("image", object()
                    .required("repository", Scalar.STRING)
                    .optional("tag", Scalar.STRING)
                    .optional("registry", Scalar.STRING)
                    .build())
            .required("taskDefinition", object()
                    .optional("family", Scalar.STRING)
                    .required("cpu", Scalar.INTEGER)
                    .required("memory", Scalar.INTEGER)
                    .optional("cpuArchitecture", new EnumShape(List.of("X86_64", "ARM64")))
                    .required("executionRoleArn", Scalar.STRING)
                    .optional("taskRoleArn", Scalar.STRING)
                    .optional("containerName", Scalar.STRING)
                    .required("containerPort", Scalar.INTEGER)
                    .optional("hostPort", Scalar.INTEGER)
                    .optional("environment", STRING_MAP)
                    .optional("secrets", STRING_MAP)
                    .optional("healthCheck", object()
                            .required("command", STRING_LIST)
                            .optional("interval", Scalar.INTEGER)
                            .optional("timeout", Scalar.INTEGER)
                            .optional("retries", Scalar.INTEGER)
                            .optional("startPeriod", Scalar.INTEGER)
                            .build())
                    .optional("stopTimeout", Scalar.INTEGER)
                    .optional("logStreamPrefix", Scalar.STRING)
                    .build())
            .optional("logGroup", object()
                    .optional("name", Scalar.STRING)
                    .optional("retentionDays", Scalar.INTEGER)
                    .build())
            .required("service", object()
                    .required("cluster", Scalar.STRING)
                    .optional("serviceName", Scalar.STRING)
                    .optional("desiredCount", Scalar.INTEGER)
                    .required("subnets", STRING_LIST)
                    .optional("securityGroups", STRING_LIST)
                    .optional("assignPublicIp", Scalar.BOOLEAN)
                    .optional("loadBalancer", object()
                            .required("targetGroupArn", Scalar.STRING)
                            .optional("loadBalancerArn", Scalar.STRING)
                            .build())
                    .optional("deployment", object()
                            .optional("maximumPercent", Scalar.INTEGER)
                            .optional("minimumHealthyPercent", Scalar.INTEGER)
                            .optional("circuitBreaker", object()
                                    .optional("enable", Scalar.BOOLEAN)
                                    .optional("rollback", Scalar.BOOLEAN)
                                    .build())
                            .build())
                    .optional("enableExecuteCommand", Scalar.BOOLEAN)
                    .optional("healthCheckGracePeriodSeconds", Scalar.INTEGER)
                    .build())
            .optional("scaling", object()
                    .optional("minCapacity", Scalar.INTEGER)
                    .optional("maxCapacity", Scalar.INTEGER)
                    .optional("cpu", TARGET_TRACKING)
                    .optional("memory", TARGET_TRACKING)
                    .optional("requestCount", TARGET_TRACKING)
                    .optional("customMetric", object()
                            .required("metricName", Scalar.STRING)
                            .required("namespace", Scalar.STRING)
                            .optional("dimensions", STRING_MAP)
                            .optional("statistic", Scalar.STRING)
                            .required("targetValue", Scalar.NUMBER)
                            .optional("scaleInCooldown", Scalar.INTEGER)
                            .optional("scaleOutCooldown", Scalar.INTEGER)
                            .build())
                    .optional("stepScaling", object()
                            .required("metricName", Scalar.STRING)
                            .required("namespace", Scalar.STRING)
                            .optional("dimensions", STRING_MAP)
                            .optional("statistic", Scalar.STRING)
                            .optional("period", Scalar.INTEGER)
                            .optional("evaluationPeriods", Scalar.INTEGER)
                            .required("threshold", Scalar.NUMBER)
                            .optional("comparisonOperator", Scalar.STRING)
                            .optional("cooldown", Scalar.INTEGER)
                            .required("steps", new ArrayShape(object()
                                    .optional("lowerBound", Scalar.NUMBER)
                                    .optional("upperBound", Scalar.NUMBER)
                                    .required("adjustment", Scalar.INTEGER)
                                    .build()))
                            .build())
                    .build())
            .optional("deploymentAlarms", new ArrayShape(object()
                    .required("name", Scalar.STRING)
                    .required("metricName", Scalar.STRING)
                    .required("namespace", Scalar.STRING)
                    .optional("dimensions", STRING_MAP)
                    .optional("statistic", Scalar.STRING)
                    .optional("period", Scalar.INTEGER)
                    .optional("evaluationPeriods", Scalar.INTEGER)
                    .required("threshold", Scalar.NUMBER)
                    .optional("comparisonOperator", Scalar.STRING)
                    .optional("treatMissingData", Scalar.STRING)
                    .build()))
            .optional("driftPolicy", new EnumShape(List.of("report", "heal")))
            .optional("cost", object()
                    // Keyed by region; the architecture names match cpuArchitecture.
                    .optional("prices", new MapShape(object()
                            .optional("X86_64", FARGATE_PRICE)
                            .optional("ARM64", FARGATE_PRICE)
                            .build()))
                    .optional("monthlyDeltaAlert", Scalar.NUMBER)
                    .build())
            .build();

    private ConfigShape() {
    }

    private static ObjectBuilder object() {
        return new ObjectBuilder();
    }

    private static final class ObjectBuilder {
        private final Map<String, Shape> fields = new LinkedHashMap<>();
        private final Set<String> required = new LinkedHashSet<>();

        ObjectBuilder required(String name, Shape shape) {
            required.add(name);
            return optional(name, shape);
        }

        ObjectBuilder optional(String name, Shape shape) {
            fields.put(name, shape);
            return this;
        }

        ObjectShape build() {
            // Unmodifiable views keep declaration order, so messages list fields as the reference does.
            return new ObjectShape(Collections.unmodifiableMap(fields), Collections.unmodifiableSet(required));
        }
    }
}
