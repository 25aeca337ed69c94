package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeployer.config.NameRules;
import dev.ecsdeployer.trigger.Trigger.LifecycleHook;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ECS's lifecycle hook payload (ECS developer guide, "Lifecycle hooks for Amazon ECS service deployments"):
 * {@code serviceArn}, {@code targetServiceRevisionArn}, {@code productionTrafficWeights} and
 * {@code testTrafficWeights} (service revision ARN → percent). Anything else in it is ignored.
 */
final class LifecycleHooks {

    private static final String WHAT = "ECS lifecycle hook";
    private static final Pattern SERVICE_ARN = Pattern.compile(
            "arn:aws(-[a-z]+)*:ecs:[a-z0-9-]+:[0-9]{12}:service/([^/]+)/([^/]+)");
    private static final Pattern REVISION_ARN = Pattern.compile(
            "arn:aws(-[a-z]+)*:ecs:[a-z0-9-]+:[0-9]{12}:service-revision/[^/]+/[^/]+/[0-9]+");

    private LifecycleHooks() {
    }

    static LifecycleHook parse(JsonNode event) {
        String serviceArn = event.path("serviceArn").asText("");
        Matcher service = SERVICE_ARN.matcher(serviceArn);
        if (!service.matches() || !NameRules.isEcsName(service.group(2)) || !NameRules.isEcsName(service.group(3))) {
            throw new InvalidEventException(WHAT + ": serviceArn " + TriggerParser.shown(serviceArn) + " is not"
                    + " arn:aws:ecs:<region>:<account>:service/<cluster>/<service>");
        }
        String revision = event.path("targetServiceRevisionArn").asText("");
        if (!REVISION_ARN.matcher(revision).matches()) {
            throw new InvalidEventException(WHAT + ": targetServiceRevisionArn " + TriggerParser.shown(revision)
                    + " is not arn:aws:ecs:<region>:<account>:service-revision/<cluster>/<service>/<id>");
        }
        return new LifecycleHook(serviceArn, service.group(2), service.group(3), revision,
                weights(event, "productionTrafficWeights"), weights(event, "testTrafficWeights"));
    }

    private static Map<String, Double> weights(JsonNode event, String field) {
        JsonNode node = event.get(field);
        Map<String, Double> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new InvalidEventException(WHAT + ": " + field + " must be an object of revision ARN to percent");
        }
        node.properties().forEach(e -> {
            if (!e.getValue().isNumber() || !REVISION_ARN.matcher(e.getKey()).matches()) {
                throw new InvalidEventException(WHAT + ": " + field + " must map service revision ARNs to"
                        + " percents; " + TriggerParser.shown(e.getKey()) + " is not one");
            }
            out.put(e.getKey(), e.getValue().doubleValue());
        });
        return out;
    }
}
