package dev.ecsdeployer.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeployer.config.AdvancedLoadBalancerConfig;
import dev.ecsdeployer.config.CanaryAnalysisConfig;
import dev.ecsdeployer.config.LoadBalancerConfig;
import dev.ecsdeployer.config.ServiceConfig;
import dev.ecsdeployer.desired.DesiredStateBuilder;
import dev.ecsdeployer.outcome.CanaryVerdict.Figures;
import dev.ecsdeployer.report.EventPublisher;
import dev.ecsdeployer.report.JsonLog;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The deployer as a deployment lifecycle hook: judges the revision ECS is deploying from CloudWatch, answers within
 * the invocation, and writes nothing but its verdict (a {@value #DETAIL_TYPE} event and a {@value #METRIC} metric by
 * verdict). Reads: the service's deployment alarms (any in ALARM fails it), the listener rule's target group weights
 * (which of the two target groups carries the new revision's share), and the two groups' load balancer metrics over
 * the config's window.
 */
public final class CanaryJudge {

    public static final String DETAIL_TYPE = "Canary Verdict";
    public static final String METRIC = "CanaryVerdicts";

    /** What ECS is told, and the figures behind it. */
    public record Answer(CanaryVerdict verdict, ObjectNode detail) {
    }

    /** The part of ECS's hook call the judge needs: the revision being deployed and each revision's traffic. */
    public record Call(String serviceArn, String targetRevisionArn, Map<String, Double> productionWeights,
                       Map<String, Double> testWeights) {
    }

    private final Supplier<CloudWatchClient> cloudWatch;
    private final Supplier<ElasticLoadBalancingV2Client> elb;
    private final EventPublisher events;
    private final JsonLog log;
    private final ObjectMapper mapper;
    private final String namespace;
    private final Clock clock;

    public CanaryJudge(Supplier<CloudWatchClient> cloudWatch, Supplier<ElasticLoadBalancingV2Client> elb,
                       EventPublisher events, JsonLog log, ObjectMapper mapper, String namespace, Clock clock) {
        this.cloudWatch = cloudWatch;
        this.elb = elb;
        this.events = events;
        this.log = log;
        this.mapper = mapper;
        this.namespace = namespace;
        this.clock = clock;
    }

    /** Fails closed: a service no config of this deployer manages cannot be judged, so its deployment rolls back. */
    public Answer unmanaged(String environment, Call call, String why) {
        return publish(environment, null, call, new CanaryVerdict(CanaryVerdict.FAILED, why), mapper.createObjectNode());
    }

    public Answer judge(ServiceConfig config, Call call) {
        ObjectNode figures = mapper.createObjectNode();
        List<String> alarming = alarming(config);
        if (!alarming.isEmpty()) {
            figures.putPOJO("alarmsInAlarm", alarming);
            return publish(config.environment(), config, call, new CanaryVerdict(CanaryVerdict.FAILED,
                    "deployment alarm in ALARM: " + String.join(", ", alarming)), figures);
        }
        CanaryAnalysisConfig analysis = config.service().deployment().analysis();
        LoadBalancerConfig lb = config.service().loadBalancer();
        AdvancedLoadBalancerConfig advanced = lb == null ? null : lb.advancedConfiguration();
        if (analysis == null || advanced == null) {
            return publish(config.environment(), config, call, new CanaryVerdict(CanaryVerdict.SUCCEEDED,
                    "no deployment alarm in ALARM; the config names no analysis thresholds"), figures);
        }
        double prod = call.productionWeights().getOrDefault(call.targetRevisionArn(), 0.0);
        double test = call.testWeights().getOrDefault(call.targetRevisionArn(), 0.0);
        String rule = prod > 0 ? advanced.productionListenerRule()
                : test > 0 && advanced.testListenerRule() != null ? advanced.testListenerRule() : null;
        if (rule == null) {
            return publish(config.environment(), config, call, new CanaryVerdict(CanaryVerdict.SUCCEEDED,
                    "the new revision has no traffic at this stage; no deployment alarm in ALARM"), figures);
        }
        String[] groups = newAndOld(rule, prod > 0 ? prod : test, lb.targetGroupArn(),
                advanced.alternateTargetGroupArn());
        Instant end = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Instant start = end.minus(analysis.windowMinutes(), ChronoUnit.MINUTES);
        Map<String, Double> values = metrics(analysis, lb.loadBalancerArn(), groups, start, end);
        Figures fresh = new Figures(groups[0], values.getOrDefault("nreq", 0.0), values.getOrDefault("n5xx", 0.0),
                values.get("nlat"), values.get("nhealthy"));
        Figures old = new Figures(groups[1], values.getOrDefault("oreq", 0.0), values.getOrDefault("o5xx", 0.0),
                null, null);
        figures.put("windowStart", start.toString()).put("windowEnd", end.toString())
                .put("windowMinutes", analysis.windowMinutes()).put("listenerRule", rule)
                .put("trafficPercent", prod > 0 ? prod : test).put("traffic", prod > 0 ? "production" : "test");
        figures.set("newTargetGroup", mapper.valueToTree(fresh));
        figures.set("oldTargetGroup", mapper.valueToTree(old));
        figures.set("thresholds", mapper.valueToTree(analysis));
        return publish(config.environment(), config, call, CanaryVerdict.judge(analysis, fresh, old), figures);
    }

    private List<String> alarming(ServiceConfig config) {
        List<String> names = config.deploymentAlarms().stream().map(a -> DesiredStateBuilder.alarmName(config, a))
                .toList();
        if (names.isEmpty()) {
            return List.of();
        }
        return cloudWatch.get().describeAlarms(b -> b.alarmNames(names)).metricAlarms().stream()
                .filter(a -> a.stateValue() == StateValue.ALARM).map(MetricAlarm::alarmName).toList();
    }

    /**
     * {new, old}: the target group whose share of the rule's weight is the new revision's share of the traffic
     * (ECS moves the weights, and the groups swap roles from one deployment to the next); when the shares cannot
     * tell them apart (50/50, or no weighted forward action), the alternate group is taken as the new one.
     */
    private String[] newAndOld(String ruleArn, double percent, String primary, String alternate) {
        List<Rule> rules = elb.get().describeRules(b -> b.ruleArns(ruleArn)).rules();
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (Rule rule : rules) {
            for (Action action : rule.actions()) {
                if (action.forwardConfig() != null) {
                    for (TargetGroupTuple t : action.forwardConfig().targetGroups()) {
                        weights.put(t.targetGroupArn(), t.weight() == null ? 1 : t.weight());
                    }
                }
            }
        }
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        List<String> matching = new ArrayList<>();
        if (total > 0) {
            for (String group : List.of(primary, alternate)) {
                if (Math.abs(100.0 * weights.getOrDefault(group, 0) / total - percent) < 0.5) {
                    matching.add(group);
                }
            }
        }
        String fresh = matching.size() == 1 ? matching.get(0) : alternate;
        return new String[] {fresh, fresh.equals(primary) ? alternate : primary};
    }

    private Map<String, Double> metrics(CanaryAnalysisConfig analysis, String loadBalancerArn, String[] groups,
                                        Instant start, Instant end) {
        String lb = suffix(loadBalancerArn, ":loadbalancer/");
        int period = analysis.windowMinutes() * 60;
        List<MetricDataQuery> queries = new ArrayList<>();
        queries.add(query("nreq", "RequestCount", "Sum", lb, groups[0], period));
        queries.add(query("n5xx", "HTTPCode_Target_5XX_Count", "Sum", lb, groups[0], period));
        queries.add(query("oreq", "RequestCount", "Sum", lb, groups[1], period));
        queries.add(query("o5xx", "HTTPCode_Target_5XX_Count", "Sum", lb, groups[1], period));
        if (analysis.latencyStatistic() != null) {
            queries.add(query("nlat", "TargetResponseTime", analysis.latencyStatistic(), lb, groups[0], period));
        }
        if (analysis.minHealthyHosts() != null) {
            queries.add(query("nhealthy", "HealthyHostCount", "Minimum", lb, groups[0], period));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        String token = null;
        do {
            String next = token;
            GetMetricDataResponse page = cloudWatch.get().getMetricData(b -> b.metricDataQueries(queries)
                    .startTime(start).endTime(end).nextToken(next));
            for (MetricDataResult r : page.metricDataResults()) {
                // Counts add up over the window; the fewest healthy hosts and the slowest response time count.
                boolean least = r.id().equals("nhealthy");
                boolean most = r.id().equals("nlat");
                for (Double v : r.values()) {
                    out.merge(r.id(), v, (a, b) -> least ? Math.min(a, b) : most ? Math.max(a, b) : a + b);
                }
            }
            token = page.nextToken();
        } while (token != null);
        return out;
    }

    private static MetricDataQuery query(String id, String metric, String stat, String lb, String group, int period) {
        return MetricDataQuery.builder().id(id).returnData(true).metricStat(s -> s.period(period).stat(stat)
                .metric(m -> m.namespace("AWS/ApplicationELB").metricName(metric).dimensions(
                        Dimension.builder().name("LoadBalancer").value(lb).build(),
                        Dimension.builder().name("TargetGroup").value(suffix(group, ":")).build()))).build();
    }

    /** {@code app/<name>/<id>} from a load balancer ARN, {@code targetgroup/<name>/<id>} from a target group's. */
    static String suffix(String arn, String after) {
        if (after.equals(":")) {
            return arn.substring(arn.lastIndexOf(':') + 1);
        }
        int at = arn.indexOf(after);
        return at < 0 ? arn : arn.substring(at + after.length());
    }

    private Answer publish(String environment, ServiceConfig config, Call call, CanaryVerdict verdict,
                           ObjectNode figures) {
        ObjectNode detail = mapper.createObjectNode();
        detail.put("verdict", verdict.hookStatus()).put("reason", verdict.reason());
        if (config != null) {
            detail.put("environment", config.environment()).put("service", config.name())
                    .put("cluster", config.service().cluster());
        }
        detail.put("serviceArn", call.serviceArn()).put("targetServiceRevisionArn", call.targetRevisionArn());
        detail.set("figures", figures);
        events.publish(DETAIL_TYPE, detail, List.of(call.serviceArn()));
        ObjectNode line = mapper.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        directive.putArray("Dimensions").addArray().add("Environment").add("Verdict");
        directive.putArray("Metrics").addObject().put("Name", METRIC).put("Unit", "Count");
        line.put("Environment", environment == null ? "unknown" : environment);
        line.put("Verdict", verdict.hookStatus());
        line.put(METRIC, 1);
        log.write(line);
        return new Answer(verdict, detail);
    }
}
