package dev.ecsdeployer.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** One case per rule: an example with one mistake gives exactly one error, with this message. */
class ValidationRulesTest {

    private final ServiceConfigParser parser = new ServiceConfigParser();

    @ParameterizedTest(name = "{0}")
    @FieldSource("dev.ecsdeployer.config.RejectedCases#ALL")
    void eachRuleReportsItsMessage(RejectedCases.Case rejected) {
        Documents document = rejected.document();
        ConfigResult result = parser.parse(document.location(), document.json(), null);

        assertFalse(result.valid());
        assertNull(result.config());
        assertEquals(List.of(rejected.message()), result.errors().stream().map(ConfigError::describe).toList());
    }

    @Test
    void theQuotaItselfIsAllowed() {
        Documents document = Documents.example("api-prod")
                .set("/service/desiredCount", "5000")
                .set("/scaling/minCapacity", "5000")
                .set("/scaling/maxCapacity", "5000");

        assertEquals(List.of(), parser.parse(document.location(), document.json(), null).errors());
    }

    @Test
    void aCountFarPastTheQuotaIsRejectedAtOnce() {
        Documents document = Documents.example("realtime-prod")
                .set("/service/desiredCount", "2147483647")
                .set("/scaling/maxCapacity", "2147483647")
                .remove("/scaling/minCapacity");

        List<String> errors = assertTimeoutPreemptively(Duration.ofSeconds(2), () ->
                parser.parse(document.location(), document.json(), null).errors().stream()
                        .map(ConfigError::describe).toList());

        assertEquals(List.of(
                "service.desiredCount: 2147483647 must be 5000 or less (ECS's quota of tasks per service)",
                "scaling.minCapacity: 2147483647 must be 5000 or less (ECS's quota of tasks per service)",
                "scaling.maxCapacity: 2147483647 must be 5000 or less (ECS's quota of tasks per service)"), errors);
    }

    @Test
    void aNumberTooLargeForTheDeployerIsReportedAndTheRestStillChecked() {
        Documents document = Documents.example("realtime-prod")
                .set("/taskDefinition/hostPort", "99999999999")
                .set("/scaling/stepScaling/steps/0/adjustment", "1e40")
                .set("/scaling/stepScaling/cooldown", "-5");

        assertEquals(List.of(
                "taskDefinition.hostPort: 99999999999 must be an integer between -2147483648 and 2147483647",
                "scaling.stepScaling.steps[0].adjustment: 1.0E40 must be an integer between -2147483648 and 2147483647",
                "scaling.stepScaling.cooldown: -5 must be 0 or more"),
                parser.parse(document.location(), document.json(), null).errors().stream()
                        .map(ConfigError::describe).toList());
    }

    @Test
    void structureMistakesNameTheFieldAndWhatIsAllowed() {
        Documents document = Documents.example("realtime-prod")
                .set("/service/subnets", "[null, 1, \"subnet-0a1b2c3d\"]")
                .set("/service/deployment/circuitBreaker/enable", "\"yes\"")
                .set("/taskDefinition/environment/DEBUG", "null")
                .set("/scaling/stepScaling/comparisonOperator", "\"GreaterThan\"")
                .set("/scaling/stepScaling/steps/0/lowerBond", "0")
                .set("/image", "\"myapp/realtime:latest\"");

        assertEquals(List.of(
                "image: \"myapp/realtime:latest\" must be an object",
                "service.subnets[0]: null must be a string",
                "service.subnets[1]: 1 must be a string",
                "service.deployment.circuitBreaker.enable: \"yes\" must be true or false",
                "scaling.stepScaling.comparisonOperator: \"GreaterThan\" must be one of GreaterThanOrEqualToThreshold,"
                        + " GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold",
                "scaling.stepScaling.steps[0].lowerBond: is not a known field; did you mean \"lowerBound\"?"),
                parser.parse(document.location(), document.json(), null).errors().stream()
                        .map(ConfigError::describe).toList());
    }

    @Test
    void aDocumentWithSeveralMistakesListsThemAll() {
        Documents document = Documents.example("api-prod")
                .set("/taskDefinition/memory", "3000")
                .set("/taskDefinition/healthCheck/interval", "1")
                .set("/taskDefinition/hostPort", "80")
                .set("/service/subnets/0", "\"subnet-nope\"")
                .set("/service/deployment/circuitBreaker/rollback", "false")
                .set("/scaling/minCapacity", "25")
                .set("/logGroup/retentionDays", "\"30\"")
                .set("/service/desiredCnt", "2")
                .remove("/service/cluster");

        ConfigResult result = parser.parse(document.location(), document.json(), null);

        assertEquals(List.of(
                "logGroup.retentionDays: \"30\" must be an integer",
                "service.desiredCnt: is not a known field; did you mean \"desiredCount\"?",
                "service.cluster: is required",
                "taskDefinition.memory: 3000 is not valid for cpu 512; allowed: 1024, 2048, 3072, 4096",
                "taskDefinition.hostPort: 80 must equal containerPort 3001 (awsvpc network mode)",
                "taskDefinition.healthCheck.interval: 1 must be between 5 and 300 seconds",
                "service.subnets[0]: \"subnet-nope\" must be subnet- followed by 8 or 17 hexadecimal digits",
                "service.deployment.circuitBreaker.rollback: false must be true: the deployer always rolls out"
                        + " with the circuit breaker and rollback",
                "scaling.minCapacity: 25 is greater than scaling.maxCapacity 20"
                        + " (minCapacity defaults to service.desiredCount)"),
                result.errors().stream().map(ConfigError::describe).toList());
    }
}
