package dev.ecsdeployer.trigger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.config.SsmConfigStore.EnvironmentDocuments;
import dev.ecsdeployer.report.DriftReport;
import dev.ecsdeployer.report.DriftReporter;
import dev.ecsdeployer.trigger.Trigger.Command;
import dev.ecsdeployer.trigger.Trigger.EcrPush;
import dev.ecsdeployer.trigger.Trigger.Ignored;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lambda entry point for every trigger. It answers with a JSON summary of what it did for
 * each service. An event it cannot act on is answered with {@code "status": "rejected"} and the
 * reason (retrying it would not help); nothing in AWS is changed for it.
 */
@Named("deployer")
public class DeployerHandler implements RequestStreamHandler {

    private static final Logger LOG = Logger.getLogger(DeployerHandler.class);

    @Inject
    ObjectMapper mapper;

    @Inject
    Deployer deployer;

    @Inject
    DriftCheck driftCheck;

    @Inject
    DriftReporter driftReporter;

    @Inject
    DeploymentOutcomes outcomes;

    @Inject
    DriftFanOut fanOut;

    @Inject
    DeployerSettings settings;

    @Inject
    SqsBatch sqsBatch;

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ObjectNode response = mapper.createObjectNode();
        String requestId = Deployer.commandId(context == null ? null : context.getAwsRequestId());
        // Every log line of this invocation carries its request id.
        dev.ecsdeployer.report.Invocation.begin(context == null ? null : context.getAwsRequestId());
        try {
            JsonNode event = read(input);
            if (event != null && SqsBatch.isSqsBatch(event)) {
                // The work queue's event source mapping: answered with the items to deliver again.
                mapper.writeValue(output, sqsBatch.handle(event));
                return;
            }
            Trigger trigger = new TriggerParser(settings.environment()).parse(event);
            response.put("trigger", trigger.name());
            List<?> reports;
            if (trigger instanceof EcrPush push) {
                reports = deployer.push(push);
            } else if (trigger instanceof Command command && Command.DRIFT_CHECK.equals(command.command())) {
                reports = driftCheck(trigger.name(), command.environment(), requestId, response);
            } else if (trigger instanceof Command command && Command.VERIFY.equals(command.command())) {
                reports = deployer.verify(command);
            } else if (trigger instanceof Command command && Command.PLAN.equals(command.command())) {
                reports = deployer.plan(command);
            } else if (trigger instanceof Command command) {
                reports = deployer.deploy(command, requestId);
            } else if (trigger instanceof Trigger.Scheduled scheduled) {
                reports = driftCheck(trigger.name(), null, eventId(scheduled.eventId(), requestId), response);
            } else if (trigger instanceof Trigger.DriftShard shard) {
                reports = checkShards(trigger.name(), List.of(new DriftShards.Shard(shard.environment(), shard.index(),
                        shard.count())), deployer.environments(shard.environment()), requestId, response);
            } else if (trigger instanceof Trigger.DeploymentStateChange change) {
                List<Object> results = deployer.deploymentChanged(change, eventId(change.eventId(), requestId));
                // One deployment, not a list of services: its outcome (or its queued item) is the answer.
                if (results.size() == 1) {
                    response.setAll((ObjectNode) mapper.valueToTree(results.get(0)));
                }
                reports = null;
            } else if (trigger instanceof Trigger.ParameterChange change) {
                reports = deployer.configChanged(change, eventId(change.eventId(), requestId));
            } else if (trigger instanceof Ignored ignored) {
                response.put("ignored", ignored.reason());
                reports = List.of();
            } else {
                throw new InvalidEventException("'" + trigger.name() + "' is not handled yet");
            }
            response.put("status", "ok");
            response.put("queue", deployer.queue().inline() ? "inline" : "sqs");
            if (reports != null) {
                response.set("services", mapper.valueToTree(reports));
            }
        } catch (InvalidEventException e) {
            LOG.warnf("rejected event: %s", e.getMessage());
            response.put("status", "rejected");
            response.put("error", e.getMessage());
        } catch (RuntimeException e) {
            // Transient (AWS unavailable, the queue refused an item): fail the invocation so that
            // Lambda retries it and, past its retries, sends it to the dead-letter queue.
            LOG.errorf(e, "invocation failed and will be retried: %s", e.getMessage());
            throw e;
        } finally {
            dev.ecsdeployer.report.Invocation.end();
        }
        mapper.writeValue(output, response);
    }

    private static String eventId(String eventId, String requestId) {
        return eventId != null ? eventId : requestId;
    }

    /**
     * A drift check of one environment or all: in this invocation when it fits in one shard,
     * else handed out, one shard per invocation (each reports its own summary and metrics).
     */
    private List<DriftReport> driftCheck(String trigger, String environment, String eventId, ObjectNode response) {
        List<EnvironmentDocuments> environments = deployer.environments(environment);
        List<DriftShards.Shard> shards = DriftShards.plan(environments, settings.driftShardSize());
        if (shards.size() > 1) {
            fanOut.request(shards);
            response.set("fanOut", mapper.valueToTree(shards));
            return List.of();
        }
        return checkShards(trigger, shards, environments, eventId, response);
    }

    private List<DriftReport> checkShards(String trigger, List<DriftShards.Shard> shards,
                                          List<EnvironmentDocuments> environments, String eventId,
                                          ObjectNode response) {
        List<DriftReport> reports = new ArrayList<>();
        DriftReporter.Summary total = new DriftReporter.Summary(0, 0, 0);
        for (DriftShards.Shard shard : shards) {
            for (EnvironmentDocuments env : environments) {
                if (env.environment().equals(shard.environment())) {
                    List<DriftReport> checked = driftCheck.check(shard.of(env), deployer.queue(), eventId);
                    total = total.plus(driftReporter.report(trigger, env.environment(), checked));
                    reports.addAll(checked);
                }
            }
        }
        response.set("summary", mapper.valueToTree(total));
        return reports;
    }

    private JsonNode read(InputStream input) throws IOException {
        return TriggerParser.read(input);
    }
}
