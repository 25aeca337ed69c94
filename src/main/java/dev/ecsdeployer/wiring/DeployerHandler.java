package dev.ecsdeployer.wiring;

import dev.ecsdeployer.config.ServiceConfigParser;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.actual.FleetReader;
import dev.ecsdeployer.config.SsmConfigStore.EnvironmentDocuments;
import dev.ecsdeployer.actual.PolicyRefresh;
import dev.ecsdeployer.drift.ChunkedCheck;
import dev.ecsdeployer.drift.DriftCheck;
import dev.ecsdeployer.drift.DriftFanOut;
import dev.ecsdeployer.aws.RateLimiter;
import dev.ecsdeployer.drift.DriftShards;
import dev.ecsdeployer.config.AccountConfig;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.outcome.CanaryJudge;
import dev.ecsdeployer.outcome.CanaryVerdict;
import dev.ecsdeployer.report.DriftReport;
import dev.ecsdeployer.report.DriftReporter;
import dev.ecsdeployer.report.Invocation;
import dev.ecsdeployer.report.Report;
import dev.ecsdeployer.trigger.InvalidEventException;
import dev.ecsdeployer.trigger.Trigger;
import dev.ecsdeployer.trigger.TriggerParser;
import dev.ecsdeployer.work.FunctionAccount;
import dev.ecsdeployer.work.Front;
import dev.ecsdeployer.work.SqsBatch;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.UUID;

/**
 * The Lambda entry point for every trigger: parses the event (trigger/) and routes it, by a switch
 * over the sealed trigger type, to the front (work/), the drift check (drift/) or the work queue's
 * batch. It answers with a JSON summary of what it did for each service. An event it cannot act on
 * is answered with {@code "status": "rejected"} and the reason (retrying it would not help);
 * nothing in AWS is changed for it.
 */
@Named("deployer")
public class DeployerHandler implements RequestStreamHandler {

    private static final Logger LOG = Logger.getLogger(DeployerHandler.class);
    private static final ServiceConfigParser PARSER = new ServiceConfigParser();

    @Inject
    ObjectMapper mapper;

    @Inject
    Front front;

    @Inject
    DriftChecks driftChecks;

    @Inject
    DriftReporter driftReporter;

    @Inject
    DriftFanOut fanOut;

    @Inject
    DeployerSettings settings;

    @Inject
    SqsBatch sqsBatch;

    @Inject
    FunctionAccount account;

    @Inject
    AccountScopes accounts;

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ObjectNode response = mapper.createObjectNode();
        String requestId = context != null && context.getAwsRequestId() != null
                ? context.getAwsRequestId() : UUID.randomUUID().toString();
        // Every log line of this invocation carries its request id.
        Invocation.begin(context == null ? null : context.getAwsRequestId());
        if (context != null) {
            account.learnFrom(context.getInvokedFunctionArn());
        }
        try {
            JsonNode event = TriggerParser.read(input);
            if (event != null && SqsBatch.isSqsBatch(event)) {
                // The work queue's event source mapping: answered with the items to deliver again.
                mapper.writeValue(output, sqsBatch.handle(event, () -> remainingMillis(context)));
                return;
            }
            Trigger trigger = new TriggerParser(settings.environment(), settings.roleArn()).parse(event);
            response.put("trigger", trigger.name());
            ObjectNode hookAnswer = null;
            List<? extends Report> reports = switch (trigger) {
                case Trigger.EcrPush push -> front.push(push);
                case Trigger.Deploy deploy -> front.deploy(deploy, requestId);
                case Trigger.Plan plan -> front.plan(plan);
                case Trigger.Verify verify -> front.verify(verify);
                case Trigger.Hold hold -> front.hold(hold, requestId);
                case Trigger.Release release -> front.release(release, requestId);
                case Trigger.Rollback rollback -> front.rollback(rollback, requestId);
                // An operator's check reads everything; a scheduled one what its records and turn call for.
                case Trigger.DriftCheck check -> driftCheck(trigger.name(), check.environment(), requestId,
                        PolicyRefresh.ALL, response);
                case Trigger.Scheduled scheduled -> driftCheck(trigger.name(), null,
                        eventId(scheduled.eventId(), requestId), policyRefresh(scheduled.time()), response);
                // The other shards run at the same time in other instances: each paces itself at its share.
                case Trigger.DriftShard shard -> RateLimiter.sharedAmong(shard.count(), () -> checkShards(
                        trigger.name(), List.of(new DriftShards.Shard(shard.environment(), shard.index(),
                                shard.count(), shard.services())), shardDocuments(shard), requestId,
                        shard.scheduledAt() == null ? PolicyRefresh.ALL : policyRefresh(shard.scheduledAt()), response));
                case Trigger.DeploymentStateChange change -> {
                    List<Report> results = front.deploymentChanged(change, eventId(change.eventId(), requestId));
                    // One deployment, not a list of services: its outcome (or its queued item) is the answer.
                    if (results.size() == 1) {
                        response.setAll((ObjectNode) mapper.valueToTree(results.get(0)));
                    }
                    yield null;
                }
                case Trigger.ParameterChange change -> front.configChanged(change, eventId(change.eventId(), requestId));
                case Trigger.TaskStopped stopped -> front.taskStopped(stopped, eventId(stopped.eventId(), requestId));
                case Trigger.LifecycleHook hook -> {
                    hookAnswer = lifecycleHook(hook);
                    yield null;
                }
                case Trigger.ScalingApiCall call ->
                        scalingEdited(trigger.name(), call, eventId(call.eventId(), requestId), response);
                case Trigger.Ignored ignored -> ignored(response, ignored.reason());
            };
            if (hookAnswer != null) {
                mapper.writeValue(output, hookAnswer);
                return;
            }
            response.put("status", "ok");
            response.put("queue", front.queue().inline() ? "inline" : "sqs");
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
            Invocation.end();
        }
        mapper.writeValue(output, response);
    }

    private static List<Report> ignored(ObjectNode response, String reason) {
        LOG.infof("event ignored: %s", reason);
        response.put("ignored", reason);
        return List.of();
    }

    /**
     * Someone changed an ECS service's scaling by hand (CloudTrail's record of the call): the service's
     * config (its {@code ecs-deployer:config} tag) is read, and that one service is checked for drift now,
     * reported and healed as the scheduled check does, rather than when the scheduled check next reads its
     * policies.
     */
    private List<? extends Report> scalingEdited(String trigger, Trigger.ScalingApiCall call, String eventId,
                                                 ObjectNode response) {
        String what = call.eventName() + " on " + call.resourceId() + " by " + call.caller();
        Optional<Front.Managed> managed = front.managed(call.account(), call.cluster(), call.service());
        if (managed.isEmpty()) {
            return ignored(response, what + ": no config of this deployer manages that service");
        }
        ServiceConfig config = managed.get().config();
        if (config.account() != null && Objects.equals(config.account().roleArn(), call.caller())) {
            return ignored(response, what + ": made by the deployer itself (the role its environment's _defaults"
                    + " names); it wrote what the config says");
        }
        LOG.infof("%s: checking %s/%s for drift now", what, config.environment(), config.name());
        List<DriftReport> checked = driftChecks.of(config.account())
                .check(managed.get().documents(), front.queue(), eventId).stream()
                .map(r -> r.withNotices(Stream.concat(r.notices() == null ? Stream.<String>empty()
                        : r.notices().stream(), Stream.of("checked at once after " + what)).toList()))
                .toList();
        response.set("summary", mapper.valueToTree(driftReporter.report(trigger, config.environment(), checked)));
        return checked;
    }

    /**
     * ECS waits for this answer: judged here, never queued. What ECS reads is {@code hookStatus} (and
     * {@code callBackDelay}, seconds until it asks again after IN_PROGRESS); the figures go to the verdict event.
     */
    private ObjectNode lifecycleHook(Trigger.LifecycleHook hook) {
        CanaryJudge.Call call = new CanaryJudge.Call(hook.serviceArn(), hook.targetServiceRevisionArn(),
                hook.productionTrafficWeights(), hook.testTrafficWeights());
        // Judged in the service's account (its ARN names it), with that account's reads.
        CanaryJudge.Answer answer = front.ownerOf(hook.account(), hook.cluster(), hook.service())
                .map(config -> accounts.of(config).canary().judge(config, call))
                .orElseGet(() -> accounts.of((AccountConfig) null).canary().unmanaged(settings.environment().orElse(null), call,
                        "no config of this deployer manages " + hook.cluster() + "/" + hook.service()));
        ObjectNode out = mapper.createObjectNode();
        out.put("hookStatus", answer.verdict().hookStatus());
        if (CanaryVerdict.IN_PROGRESS.equals(answer.verdict().hookStatus())) {
            out.put("callBackDelay", HOOK_CALLBACK_SECONDS);
        }
        LOG.infof("lifecycle hook %s: %s (%s)", hook.serviceArn(), answer.verdict().hookStatus(),
                answer.verdict().reason());
        return out;
    }

    /** How long ECS waits before asking again when there is no data yet. */
    static final int HOOK_CALLBACK_SECONDS = 60;

    /**
     * The invocation's remaining time. Lambda always gives a deadline; a runtime that gives none
     * (Quarkus's test event server) reports a time already past, read here as no deadline.
     */
    private static long remainingMillis(Context context) {
        long remaining = context == null ? 0 : context.getRemainingTimeInMillis();
        return remaining > 0 ? remaining : Long.MAX_VALUE;
    }

    private static String eventId(String eventId, String requestId) {
        return eventId != null ? eventId : requestId;
    }

    /**
     * A drift check of one environment or all: in this invocation when it fits in one shard,
     * else handed out, one shard per invocation (each reports its own summary and metrics).
     */
    private List<DriftReport> driftCheck(String trigger, String environment, String eventId, PolicyRefresh refresh,
                                         ObjectNode response) {
        String one = front.oneEnvironment(environment);
        if (one != null) {
            // One environment (as template.yaml deploys it): checked here, chunk by chunk while SSM pages
            // the rest. Its services share the account's rate buckets wherever they are checked, so
            // handing out shards would not make the check faster (docs/BENCH.md).
            List<DriftReport> checked = ChunkedCheck.run(
                    sink -> front.environmentInChunks(one, settings.driftChunkSize(), sink),
                    chunk -> driftChecks.of(PARSER.accountOf(chunk.documents().defaults()))
                            .check(chunk.documents(), front.queue(), eventId, chunk.whole()
                                    ? FleetReader.Coverage.WHOLE_ENVIRONMENT : FleetReader.Coverage.PART, refresh));
            response.set("summary", mapper.valueToTree(driftReporter.report(trigger, one, checked)));
            return checked;
        }
        List<EnvironmentDocuments> environments = front.environments(null);
        List<DriftShards.Shard> shards = DriftShards.plan(environments, settings.driftShardSize());
        if (shards.size() > 1) {
            fanOut.request(shards, refresh.at());
            // Which shards went out and how many services each names (not the names: thousands of them).
            ArrayNode out = response.putArray("fanOut");
            shards.forEach(s -> out.addObject().put("environment", s.environment()).put("index", s.index())
                    .put("count", s.count()).put("services", s.services().size()));
            return List.of();
        }
        return checkShards(trigger, shards, environments, eventId, refresh, response);
    }

    /** Which scaling policies a check scheduled at {@code at} reads (the schedule's rate decides). */
    private PolicyRefresh policyRefresh(java.time.Instant at) {
        return PolicyRefresh.scheduled(at, settings.driftSchedule().orElse(null),
                java.time.Duration.ofHours(settings.driftPolicyRefreshHours()));
    }

    /**
     * A shard's configs: only the ones its event names (and {@code _defaults}); the whole environment for an
     * event from before shards named their services.
     */
    private List<EnvironmentDocuments> shardDocuments(Trigger.DriftShard shard) {
        return shard.services() == null ? front.environments(shard.environment())
                : List.of(front.environment(shard.environment(), shard.services()));
    }

    private List<DriftReport> checkShards(String trigger, List<DriftShards.Shard> shards,
                                          List<EnvironmentDocuments> environments, String eventId,
                                          PolicyRefresh refresh, ObjectNode response) {
        List<DriftReport> reports = new ArrayList<>();
        DriftReporter.Summary total = new DriftReporter.Summary(0, 0, 0);
        for (DriftShards.Shard shard : shards) {
            for (EnvironmentDocuments env : environments) {
                if (env.environment().equals(shard.environment())) {
                    // In the account the environment lives in (its _defaults' account, else the function's).
                    DriftCheck check = driftChecks.of(PARSER.accountOf(env.defaults()));
                    List<DriftReport> checked = check.check(shard.of(env), front.queue(), eventId,
                            shard.partial() ? FleetReader.Coverage.PART : FleetReader.Coverage.WHOLE_ENVIRONMENT,
                            refresh);
                    total = total.plus(driftReporter.report(trigger, env.environment(), checked));
                    reports.addAll(checked);
                }
            }
        }
        response.set("summary", mapper.valueToTree(total));
        return reports;
    }
}
