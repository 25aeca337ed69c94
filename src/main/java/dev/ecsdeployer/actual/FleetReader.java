package dev.ecsdeployer.actual;

import dev.ecsdeployer.actual.ActualState.LogGroupState;
import dev.ecsdeployer.aws.RateLimiter;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.desired.ScalingSpec;
import dev.ecsdeployer.desired.ScalingSpecBuilder;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ServiceField;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads what a drift check needs for many services in batches: DescribeServices 10 services a
 * call, log groups, scalable targets, scaling policies and the deployer's alarms by prefix and
 * page (a part of an environment, a drift-check shard, reads its log groups and alarms by name:
 * {@link Coverage}). A fleet of a thousand services costs a few hundred calls, not thousands. The five reads
 * run side by side (the policies wait for the targets only when they are read per service, see
 * {@link ScalingPolicyReads}), so the read takes as long as its longest paging chain, not the sum of
 * all of them. DescribeServices, DescribeLogGroups and DescribeAlarms take a token from the
 * instance-wide {@link RateLimiter} of their AWS bucket first.
 */
public final class FleetReader {

    static final int SERVICES_PER_CALL = 10;
    static final int TARGETS_PER_CALL = 50;
    /** Application Auto Scaling publishes no request rate to size this from: a few in flight. */
    static final int TARGET_READERS = 4;
    /** AWS's maximum page of DescribeLogGroups. */
    static final int LOG_GROUPS_PER_PAGE = 50;
    /** AWS's most log group names ({@code logGroupIdentifiers}) in one DescribeLogGroups. */
    static final int LOG_GROUP_NAMES_PER_CALL = 50;
    /** AWS's most alarm names (and records) in one DescribeAlarms. */
    static final int ALARMS_PER_CALL = 100;

    private final EcsClient ecs;
    private final CloudWatchLogsClient logs;
    private final ApplicationAutoScalingClient autoScaling;
    private final CloudWatchClient cloudWatch;
    private final ScalingPolicyReads policyReads;
    private volatile String lastPolicyRead = "none yet";

    public FleetReader(EcsClient ecs, CloudWatchLogsClient logs, ApplicationAutoScalingClient autoScaling,
                       CloudWatchClient cloudWatch) {
        this.ecs = ecs;
        this.logs = logs;
        this.autoScaling = autoScaling;
        this.cloudWatch = cloudWatch;
        this.policyReads = new ScalingPolicyReads(autoScaling);
    }

    /** How the last read got the scaling policies (which way, how many calls): for logs and the benchmark. */
    public String lastPolicyRead() {
        return lastPolicyRead;
    }

    /**
     * Everything but task definitions (those are read per service, only when they can have changed).
     * {@code policiesRecorded}: the services (scaling resource ids) whose policies were not read in this
     * check, because their records prove the deployer applied the config's policies (see {@link #read}).
     */
    public record Snapshot(Map<String, ServiceState> services, Map<String, LogGroupState> logGroups,
                           Map<String, ScalableTarget> targets, Map<String, List<ScalingPolicy>> policies,
                           List<MetricAlarm> alarms, Set<String> policiesRecorded) {

        /** The described service of a config, or null when it does not exist. */
        public ServiceState service(ServiceConfig c) {
            return services.get(key(c.service().cluster(), c.service().serviceName()));
        }

        public LogGroupState logGroup(ServiceConfig c) {
            return logGroups.get(c.logGroup().name());
        }

        public ScalingState scaling(ServiceConfig c) {
            String resourceId = ScalingSpecBuilder.resourceId(c);
            String prefix = DesiredStateBuilder.alarmPrefix(c);
            ScalingState read = ScalingNormalisation.state(targets.get(resourceId),
                    policies.getOrDefault(resourceId, List.of()),
                    alarms.stream().filter(a -> a.alarmName().startsWith(prefix)).toList());
            if (!policiesRecorded.contains(resourceId)) {
                return read;
            }
            // Not read in this check: the settings record proves these are the policies last applied.
            return new ScalingState(read.target(), ScalingSpecBuilder.build(c).policies(), Map.of(),
                    read.ownedAlarms());
        }
    }

    /**
     * How much of an environment a read covers. A whole environment reads log groups and alarms by the
     * prefix its names share (as many pages as the environment has, and it finds alarms under the deployer's
     * prefix that no config names); a part (a drift-check shard, a chunk) reads them by exact name, so that
     * each of several parts does not page the whole environment's.
     */
    public enum Coverage {
        WHOLE_ENVIRONMENT, PART
    }

    /** Reads every policy of every service of a whole environment (an operator's check, a single service's). */
    public Snapshot read(List<ServiceConfig> configs) {
        return read(configs, Coverage.WHOLE_ENVIRONMENT, PolicyRefresh.ALL);
    }

    /**
     * The fleet, with the scaling policies of the services {@code refresh} says are due, and of every
     * service whose records say its policies can have changed: the service is missing, its
     * settings-hash tag is not the config's (the config changed, or the deployer never applied it in
     * full), or its scalable target is not the config's. The rest are taken as recorded
     * ({@link Snapshot#policiesRecorded}). A hand edit of a policy changes none of those records: it is
     * found when the service's turn comes ({@link PolicyRefresh}), or right away by a check of that
     * service (every policy read).
     */
    public Snapshot read(List<ServiceConfig> configs, Coverage coverage, PolicyRefresh refresh) {
        ExecutorService pool = Executors.newFixedThreadPool(5, r -> {
            Thread t = new Thread(r, "fleet-read");
            t.setDaemon(true);
            return t;
        });
        try {
            var services = async(pool, () -> services(configs));
            var logGroups = async(pool, () -> coverage == Coverage.PART ? logGroupsByName(configs) : logGroups(configs));
            var targets = async(pool, () -> targets(configs));
            // The namespace holds at least every policy the configs ask for, whichever are read.
            int expectedPolicies = configs.stream().mapToInt(c -> ScalingSpecBuilder.build(c).policies().size()).sum();
            Set<String> recorded = ConcurrentHashMap.newKeySet();
            var policies = async(pool, () -> {
                List<String> resourceIds = configs.stream()
                        .filter(c -> refresh.readsAll() || mustReadPolicies(c, join(services), join(targets), refresh))
                        .map(ScalingSpecBuilder::resourceId).distinct().toList();
                configs.stream().map(ScalingSpecBuilder::resourceId).filter(id -> !resourceIds.contains(id))
                        .forEach(recorded::add);
                ScalingPolicyReads.Read read = policyReads.read(resourceIds, expectedPolicies,
                        () -> join(targets).keySet());
                lastPolicyRead = read.way() + ", " + read.calls() + " calls, " + resourceIds.size() + " of "
                        + configs.size() + " services (" + refresh.describe() + ")";
                return read.policies();
            });
            var alarms = async(pool, () -> coverage == Coverage.PART ? alarmsByName(configs) : alarms(configs));
            return new Snapshot(join(services), join(logGroups), join(targets), join(policies), join(alarms),
                    Set.copyOf(recorded));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Whether this check must read the service's policies: its turn, or a record that does not prove them. */
    static boolean mustReadPolicies(ServiceConfig c, Map<String, ServiceState> services,
                                    Map<String, ScalableTarget> targets, PolicyRefresh refresh) {
        String resourceId = ScalingSpecBuilder.resourceId(c);
        if (refresh.due(resourceId)) {
            return true;
        }
        ServiceState service = services.get(key(c.service().cluster(), c.service().serviceName()));
        if (service == null || !ActualStateReader.settingsHash(c).equals(service.tag(ServiceTags.SETTINGS_HASH))) {
            return true;
        }
        ScalingSpec.ScalableTargetSpec want = ScalingSpecBuilder.build(c).target();
        ScalableTarget have = targets.get(resourceId);
        if (want == null || have == null) {
            return want != null || have != null;
        }
        return want.minCapacity() != have.minCapacity() || want.maxCapacity() != have.maxCapacity();
    }

    private static <T> CompletableFuture<T> async(ExecutorService pool, Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, pool);
    }

    /** The read's result; its own exception (an {@code SdkException}, say) when it failed. */
    private static <T> T join(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    static String key(String cluster, String service) {
        return cluster + "/" + service;
    }

    /**
     * DescribeServices, 10 services a call, as many in flight as the ECS service-read bucket's rate
     * needs ({@link RateLimiter#concurrency()}); each call takes its token first.
     */
    private Map<String, ServiceState> services(List<ServiceConfig> configs) {
        Map<String, List<String>> byCluster = configs.stream().collect(Collectors.groupingBy(
                c -> c.service().cluster(), Collectors.mapping(c -> c.service().serviceName(), Collectors.toList())));
        List<Map.Entry<String, List<String>>> calls = new ArrayList<>();
        byCluster.forEach((cluster, names) -> batches(names.stream().distinct().toList(), SERVICES_PER_CALL)
                .forEach(batch -> calls.add(Map.entry(cluster, batch))));
        Map<String, ServiceState> out = new java.util.concurrent.ConcurrentHashMap<>();
        if (calls.isEmpty()) {
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(RateLimiter.ECS_SERVICE_READ.concurrency(), calls.size()), r -> {
                    Thread t = new Thread(r, "describe-services");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<CompletableFuture<Void>> reads = calls.stream().map(call -> CompletableFuture.runAsync(() -> {
                String cluster = call.getKey();
                RateLimiter.ECS_SERVICE_READ.acquire();
                ecs.describeServices(b -> b.cluster(cluster).services(call.getValue()).include(ServiceField.TAGS))
                        .services().stream()
                        .filter(s -> !"INACTIVE".equals(s.status()))
                        .forEach(s -> out.put(key(cluster, s.serviceName()), EcsNormalisation.service(s, cluster)));
            }, pool)).toList();
            reads.forEach(FleetReader::join);
            return new HashMap<>(out);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One paged listing under the longest prefix the wanted names share (usually {@code /ecs/<project>-<env>/}). */
    private Map<String, LogGroupState> logGroups(List<ServiceConfig> configs) {
        List<String> names = configs.stream().map(c -> c.logGroup().name()).distinct().toList();
        Map<String, LogGroupState> out = new HashMap<>();
        if (names.isEmpty()) {
            return out;
        }
        String prefix = commonPrefix(names);
        if (prefix.isEmpty()) {
            // Nothing shared: describe each by its own name.
            names.forEach(n -> {
                RateLimiter.LOGS_DESCRIBE_LOG_GROUPS.acquire();
                logs.describeLogGroups(b -> b.logGroupNamePrefix(n)).logGroups()
                        .forEach(g -> out.put(g.logGroupName(), ActualStateReader.logGroupState(g)));
            });
            return out;
        }
        String token = null;
        do {
            RateLimiter.LOGS_DESCRIBE_LOG_GROUPS.acquire();
            String next = token;
            var page = logs.describeLogGroups(b -> b.logGroupNamePrefix(prefix).limit(LOG_GROUPS_PER_PAGE).nextToken(next));
            page.logGroups().forEach(g -> out.put(g.logGroupName(), ActualStateReader.logGroupState(g)));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /**
     * DescribeLogGroups by exact name ({@code logGroupIdentifiers}, at most 50 a call), as many calls in flight as
     * the bucket's rate needs: a shard's log groups without paging everything under the environment's prefix.
     * A name that does not exist is simply not in the answer.
     */
    private Map<String, LogGroupState> logGroupsByName(List<ServiceConfig> configs) {
        List<String> names = configs.stream().map(c -> c.logGroup().name()).distinct().toList();
        Map<String, LogGroupState> out = new java.util.concurrent.ConcurrentHashMap<>();
        inParallel(batches(names, LOG_GROUP_NAMES_PER_CALL), RateLimiter.LOGS_DESCRIBE_LOG_GROUPS, "describe-log-groups",
                batch -> {
                    String token = null;
                    do {
                        RateLimiter.LOGS_DESCRIBE_LOG_GROUPS.acquire();
                        String next = token;
                        var page = logs.describeLogGroups(b -> b.logGroupIdentifiers(batch).nextToken(next));
                        page.logGroups().forEach(g -> out.put(g.logGroupName(), ActualStateReader.logGroupState(g)));
                        token = page.nextToken();
                    } while (token != null && !token.isEmpty());
                });
        return new HashMap<>(out);
    }

    /**
     * DescribeAlarms by exact name ({@code AlarmNames}, at most 100 a call): the alarms these configs name
     * (step scaling, deployment alarms). Alarms under a service's prefix that its config does not name are
     * only found by a whole-environment read.
     */
    private List<MetricAlarm> alarmsByName(List<ServiceConfig> configs) {
        List<String> names = configs.stream().flatMap(c -> ScalingSpecBuilder.build(c).alarms().stream())
                .map(ScalingSpec.MetricAlarmSpec::alarmName).distinct().toList();
        List<MetricAlarm> out = new java.util.concurrent.CopyOnWriteArrayList<>();
        inParallel(batches(names, ALARMS_PER_CALL), RateLimiter.CLOUDWATCH_DESCRIBE_ALARMS, "describe-alarms",
                batch -> {
                    String token = null;
                    do {
                        RateLimiter.CLOUDWATCH_DESCRIBE_ALARMS.acquire();
                        String next = token;
                        var page = cloudWatch.describeAlarms(b -> b.alarmNames(batch).maxRecords(ALARMS_PER_CALL)
                                .nextToken(next));
                        out.addAll(page.metricAlarms());
                        token = page.nextToken();
                    } while (token != null && !token.isEmpty());
                });
        return new ArrayList<>(out);
    }

    /** Each batch in its own call, as many at once as {@code bucket}'s rate needs (this invocation's share). */
    private static <T> void inParallel(List<T> batches, RateLimiter bucket, String name,
                                       java.util.function.Consumer<T> call) {
        if (batches.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(RateLimiter.shareOf(bucket.concurrency()), batches.size()), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        try {
            batches.stream().map(b -> CompletableFuture.runAsync(() -> call.accept(b), pool)).toList()
                    .forEach(FleetReader::join);
        } finally {
            pool.shutdownNow();
        }
    }

    /** 50 resource ids a call, a few calls in flight (the per-service policy reads wait for these). */
    private Map<String, ScalableTarget> targets(List<ServiceConfig> configs) {
        List<String> ids = configs.stream().map(ScalingSpecBuilder::resourceId).distinct().toList();
        Map<String, ScalableTarget> out = new java.util.concurrent.ConcurrentHashMap<>();
        List<List<String>> calls = batches(ids, TARGETS_PER_CALL);
        if (calls.isEmpty()) {
            return out;
        }
        int threads = Math.min(RateLimiter.shareOf(TARGET_READERS), calls.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "scalable-targets");
            t.setDaemon(true);
            return t;
        });
        try {
            calls.stream().map(batch -> CompletableFuture.runAsync(() -> autoScaling.describeScalableTargetsPaginator(
                            b -> b.serviceNamespace(ScalingSpec.NAMESPACE).scalableDimension(ScalingSpec.DIMENSION)
                                    .resourceIds(batch).maxResults(TARGETS_PER_CALL))
                    .stream().flatMap(r -> r.scalableTargets().stream())
                    .forEach(t -> out.put(t.resourceId(), t)), pool)).toList()
                    .forEach(FleetReader::join);
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The deployer's alarms of these services, 100 a page, under the longest name prefix their
     * alarm prefixes share ({@code ecs-deployer/<cluster>/} or narrower), so other clusters' and
     * environments' alarms are not read; at widest every alarm the deployer owns.
     */
    private List<MetricAlarm> alarms(List<ServiceConfig> configs) {
        List<MetricAlarm> out = new ArrayList<>();
        if (configs.isEmpty()) {
            return out;
        }
        String shared = commonPrefix(configs.stream().map(DesiredStateBuilder::alarmPrefix).distinct().toList());
        String prefix = shared.startsWith(DesiredStateBuilder.OWNED_ALARM_PREFIX) ? shared
                : DesiredStateBuilder.OWNED_ALARM_PREFIX;
        String token = null;
        do {
            RateLimiter.CLOUDWATCH_DESCRIBE_ALARMS.acquire();
            String next = token;
            var page = cloudWatch.describeAlarms(b -> b.alarmNamePrefix(prefix).maxRecords(100).nextToken(next));
            out.addAll(page.metricAlarms());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return out;
    }

    static String commonPrefix(List<String> names) {
        String prefix = names.get(0);
        for (String n : names) {
            int i = 0;
            while (i < prefix.length() && i < n.length() && prefix.charAt(i) == n.charAt(i)) {
                i++;
            }
            prefix = prefix.substring(0, i);
        }
        return prefix;
    }
}
