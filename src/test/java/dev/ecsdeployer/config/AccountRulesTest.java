package dev.ecsdeployer.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An environment in another account: named only in _defaults, and every ARN of its configs in it. */
class AccountRulesTest {

    private final ServiceConfigParser parser = new ServiceConfigParser();

    /** api-prod names account 123456789012 in its role, secret and target group ARNs. */
    static String defaults(String account) {
        return "{\"account\":" + account + "}";
    }

    private ConfigResult parse(String service, String defaults) {
        return parser.parse(Documents.location("api-prod"), service, defaults);
    }

    private List<String> errors(ConfigResult result) {
        return result.errors().stream().map(ConfigError::describe).toList();
    }

    @Test
    void anEnvironmentInTheAccountItsArnsNameIsValidAndCarriesTheRole() {
        ConfigResult result = parse(Documents.text("api-prod"), defaults("{\"id\":\"123456789012\","
                + "\"roleArn\":\"arn:aws:iam::123456789012:role/ecs-deployer-workload\",\"externalId\":\"tooling-7f3a\"}"));
        assertTrue(result.valid(), errors(result).toString());
        assertEquals(new AccountConfig("123456789012", "arn:aws:iam::123456789012:role/ecs-deployer-workload",
                "tooling-7f3a"), result.config().account());
        assertNull(parse(Documents.text("api-prod"), null).config().account(), "no account: the deployer's own");
    }

    @Test
    void everyArnOfAnotherAccountIsNamed() {
        List<String> errors = errors(parse(Documents.text("api-prod"), defaults("{\"id\":\"222222222222\","
                + "\"roleArn\":\"arn:aws:iam::222222222222:role/ecs-deployer-workload\"}")));
        for (String path : List.of("taskDefinition.executionRoleArn", "taskDefinition.taskRoleArn",
                "taskDefinition.secrets.DATABASE_PASSWORD", "service.loadBalancer.targetGroupArn",
                "service.loadBalancer.loadBalancerArn")) {
            assertTrue(errors.stream().anyMatch(e -> e.startsWith(path + ": arn:") && e.contains("names account"
                    + " 123456789012, but this environment's services live in account 222222222222")),
                    path + " in " + errors);
        }
    }

    @Test
    void aServiceCannotNameItsOwnAccountAndTheAccountsFieldsAreChecked() {
        String own = Documents.text("api-prod").replaceFirst("\\{", "{\"account\":{\"id\":\"123456789012\","
                + "\"roleArn\":\"arn:aws:iam::123456789012:role/x\"},");
        List<String> errors = errors(parse(own, null));
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("account: ")
                && e.contains("may be set only in the environment's defaults document /ecs-deployer/prod/_defaults")),
                errors.toString());

        List<String> bad = errors(parse(Documents.text("api-prod"), defaults("{\"id\":\"123456789012\","
                + "\"roleArn\":\"arn:aws:iam::999999999999:role/ecs-deployer-workload\",\"externalId\":\"a b\"}")));
        assertTrue(bad.stream().anyMatch(e -> e.startsWith("account.roleArn") && e.contains("role in account 123456789012")),
                bad.toString());
        assertTrue(bad.stream().anyMatch(e -> e.startsWith("account.externalId")), bad.toString());
        assertEquals(bad.stream().distinct().count(), bad.size(), "each problem once: " + bad);
    }

    @Test
    void theAccountIsReadFromTheDefaultsDocumentAlone() {
        assertEquals("222222222222", parser.accountOf(defaults("{\"id\":\"222222222222\",\"roleArn\":\"r\"}")).id());
        assertNull(parser.accountOf("{\"project\":\"myapp\"}"));
        assertNull(parser.accountOf("not json"));
        assertNull(parser.accountOf(null));
    }
}
