package dev.ecsdeployer.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CloudTrail's record of an Application Auto Scaling call on an ECS service: a hand edit, or nothing to do. */
class ScalingApiCallParseTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OWN_ROLE = "arn:aws:iam::123456789012:role/ecs-deployer-prod-DeployerRole-1A2B3C";

    final TriggerParser parser = new TriggerParser(Optional.empty(), Optional.of(OWN_ROLE));

    static ObjectNode sample() throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of("events", "autoscaling-put-scaling-policy.json")));
    }

    static ObjectNode detail(ObjectNode event) {
        return (ObjectNode) event.get("detail");
    }

    static ObjectNode request(ObjectNode event) {
        return (ObjectNode) detail(event).get("requestParameters");
    }

    /** The sample's call, made with a role's session issued by {@code roleArn}. */
    static ObjectNode byRole(String roleArn) throws IOException {
        ObjectNode event = sample();
        ((ObjectNode) detail(event).get("userIdentity").get("sessionContext").get("sessionIssuer"))
                .put("arn", roleArn);
        return event;
    }

    String ignored(ObjectNode event) {
        return assertInstanceOf(Trigger.Ignored.class, parser.parse(event)).reason();
    }

    String rejected(ObjectNode event) {
        return assertThrows(InvalidEventException.class, () -> parser.parse(event)).getMessage();
    }

    @Test
    void aHandEditNamesTheServiceTheCallAndWhoMadeIt() throws IOException {
        Trigger.ScalingApiCall call = assertInstanceOf(Trigger.ScalingApiCall.class, parser.parse(sample()));

        assertEquals("123456789012", call.account());
        assertEquals("us-east-1", call.region());
        assertEquals("myapp-prod", call.cluster());
        assertEquals("myapp-prod-api", call.service());
        assertEquals("service/myapp-prod/myapp-prod-api", call.resourceId());
        assertEquals("PutScalingPolicy", call.eventName());
        assertEquals("arn:aws:iam::123456789012:role/Admin", call.caller(), "the role, not one session of it");
        assertEquals("6f1d2c3b-4a5e-4b7c-9d8e-0a1b2c3d4e5f", call.eventId());
    }

    @Test
    void everyCallThatChangesScalingIsAHandEdit() throws IOException {
        for (String name : new String[]{"DeleteScalingPolicy", "RegisterScalableTarget", "DeregisterScalableTarget"}) {
            ObjectNode event = sample();
            detail(event).put("eventName", name);

            assertEquals(name, assertInstanceOf(Trigger.ScalingApiCall.class, parser.parse(event)).eventName());
        }
    }

    @Test
    void anIamUsersCallNamesTheUser() throws IOException {
        ObjectNode event = sample();
        ObjectNode identity = detail(event).putObject("userIdentity");
        identity.put("type", "IAMUser").put("arn", "arn:aws:iam::123456789012:user/bob");

        assertEquals("arn:aws:iam::123456789012:user/bob",
                assertInstanceOf(Trigger.ScalingApiCall.class, parser.parse(event)).caller());
    }

    @Test
    void aFailedCallChangedNothing() throws IOException {
        ObjectNode event = sample();
        detail(event).put("errorCode", "AccessDenied").put("errorMessage", "not authorized");

        assertTrue(ignored(event).contains("failed ('AccessDenied'): it changed nothing"), ignored(event));
    }

    @Test
    void theDeployersOwnCallsAreIgnored() throws IOException {
        assertTrue(ignored(byRole(OWN_ROLE)).contains("made by the deployer itself"), ignored(byRole(OWN_ROLE)));
        // The role it assumes in a workload account (workload-account.yaml names it so).
        String workload = "arn:aws:iam::222222222222:role/ecs-deployer-workload";
        assertTrue(ignored(byRole(workload)).contains("made by the deployer itself"), ignored(byRole(workload)));
        // Another role whose name only ends alike is someone else.
        assertInstanceOf(Trigger.ScalingApiCall.class,
                parser.parse(byRole("arn:aws:iam::222222222222:role/not-ecs-deployer-workload")));
        // Without the setting (a local run), the function's role is not known: its calls are checked.
        assertInstanceOf(Trigger.ScalingApiCall.class, new TriggerParser(Optional.empty()).parse(byRole(OWN_ROLE)));
    }

    @Test
    void scalingOfSomethingOtherThanAnEcsServiceIsIgnored() throws IOException {
        ObjectNode dynamo = sample();
        request(dynamo).put("serviceNamespace", "dynamodb").put("resourceId", "table/orders");
        assertTrue(ignored(dynamo).contains("only ECS services' scaling"), ignored(dynamo));

        // EC2 Auto Scaling has a PutScalingPolicy too, under the same source, without Application Auto Scaling's marker.
        ObjectNode ec2 = sample();
        detail(ec2).remove("additionalEventData");
        assertTrue(ignored(ec2).contains("no Application Auto Scaling call"), ignored(ec2));

        ObjectNode scheduled = sample();
        detail(scheduled).put("eventName", "PutScheduledAction");
        assertTrue(ignored(scheduled).contains("changes nothing the deployer manages"), ignored(scheduled));
    }

    @Test
    void aMalformedCallIsRejectedSayingWhatIsExpected() throws IOException {
        ObjectNode noService = sample();
        request(noService).put("resourceId", "service/myapp-prod");
        assertTrue(rejected(noService).contains("requestParameters.resourceId 'service/myapp-prod' is not an ECS"
                + " service's service/<cluster>/<service>"), rejected(noService));

        ObjectNode noRequest = sample();
        detail(noRequest).remove("requestParameters");
        assertTrue(rejected(noRequest).contains("'requestParameters' is missing or not an object"),
                rejected(noRequest));

        ObjectNode noResource = sample();
        request(noResource).remove("resourceId");
        assertTrue(rejected(noResource).contains("field 'resourceId' is missing or not a string"),
                rejected(noResource));

        ObjectNode noIdentity = sample();
        detail(noIdentity).remove("userIdentity");
        assertTrue(rejected(noIdentity).contains("'userIdentity' is missing or not an object"), rejected(noIdentity));

        ObjectNode badAccount = sample();
        badAccount.put("account", "12345");
        assertTrue(rejected(badAccount).contains("account '12345' must be 12 digits"), rejected(badAccount));

        ObjectNode noName = sample();
        detail(noName).remove("eventName");
        assertTrue(rejected(noName).contains("field 'eventName' is missing"), rejected(noName));
    }
}
