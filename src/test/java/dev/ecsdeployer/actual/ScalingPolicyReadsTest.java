package dev.ecsdeployer.actual;

import dev.ecsdeployer.actual.ScalingPolicyReads.Way;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.DescribeScalingPoliciesResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which way the scaling policies are read, what it costs, and that either way reads every policy. */
class ScalingPolicyReadsTest {

    /** Application Auto Scaling as AWS pages it: 10 a call at most, the whole namespace or one resource. */
    static final class FakeAutoScaling implements ApplicationAutoScalingClient {
        final List<ScalingPolicy> policies = new ArrayList<>();
        final AtomicInteger calls = new AtomicInteger();

        FakeAutoScaling(int services, int policiesEach) {
            for (int s = 0; s < services; s++) {
                for (int p = 0; p < policiesEach; p++) {
                    policies.add(ScalingPolicy.builder().resourceId(id(s)).policyName("ecs-deployer-" + p).build());
                }
            }
        }

        @Override
        public DescribeScalingPoliciesResponse describeScalingPolicies(DescribeScalingPoliciesRequest request) {
            calls.incrementAndGet();
            int max = Math.min(10, request.maxResults() == null ? 10 : request.maxResults());
            List<ScalingPolicy> matching = policies.stream()
                    .filter(p -> request.resourceId() == null || p.resourceId().equals(request.resourceId())).toList();
            int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
            int to = Math.min(matching.size(), from + max);
            return DescribeScalingPoliciesResponse.builder().scalingPolicies(matching.subList(from, to))
                    .nextToken(to < matching.size() ? String.valueOf(to) : null).build();
        }

        @Override
        public String serviceName() {
            return "application-autoscaling";
        }

        @Override
        public void close() {
        }
    }

    static String id(int service) {
        return "service/c/svc-" + service;
    }

    static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(ScalingPolicyReadsTest::id).toList();
    }

    @Test
    void aCheckOfTheWholeNamespacePagesItInFewerCallsThanOneAService() {
        FakeAutoScaling aws = new FakeAutoScaling(50, 4);
        ScalingPolicyReads.Read read = new ScalingPolicyReads(aws).read(ids(0, 50), 200, () -> ids(0, 50));

        assertEquals(Way.NAMESPACE, read.way());
        assertEquals(20, read.calls(), "200 policies, 10 a page");
        assertEquals(20, aws.calls.get());
        assertEquals(50, read.policies().size());
        read.policies().values().forEach(p -> assertEquals(4, p.size()));
    }

    @Test
    void aShardOfALargeNamespaceIsReadPerServiceAndTheNextCheckGoesStraightThere() {
        // 5 services checked in a namespace of 400 with four policies each (1,600 policies, 160 pages).
        FakeAutoScaling aws = new FakeAutoScaling(400, 4);
        // One of the checked services has a policy added by hand: it is read too.
        aws.policies.add(ScalingPolicy.builder().resourceId(id(2)).policyName("by-hand").build());
        ScalingPolicyReads reads = new ScalingPolicyReads(aws);

        ScalingPolicyReads.Read first = reads.read(ids(0, 5), 20, () -> ids(0, 5));
        assertEquals(Way.PER_SERVICE, first.way());
        // The namespace was paged until it had cost as many calls as the services, then one read each.
        assertTrue(first.calls() <= 5 + 5, "at most twice the per-service cost: " + first.calls());
        assertEquals(5, first.policies().size());
        assertEquals(5, first.policies().get(id(2)).size(), "the hand-added policy is read");
        assertEquals(4, first.policies().get(id(0)).size());

        aws.calls.set(0);
        ScalingPolicyReads.Read second = reads.read(ids(0, 5), 20, () -> ids(0, 5));
        assertEquals(Way.PER_SERVICE, second.way());
        assertEquals(5, second.calls(), "straight to one read a service");
        assertEquals(5, aws.calls.get());
    }

    @Test
    void onlyServicesWithAScalableTargetAreReadPerService() {
        FakeAutoScaling aws = new FakeAutoScaling(400, 4);
        ScalingPolicyReads.Read read = new ScalingPolicyReads(aws).read(ids(0, 5), 20, () -> ids(0, 2));

        assertEquals(Way.PER_SERVICE, read.way());
        assertEquals(2, read.policies().size());
    }

    @Test
    void theNamespaceChainIsLeftWhenItWouldOutlastItsBudget() {
        // 1,000 services with four policies: 400 pages, fewer calls than 1,000 reads ...
        assertTrue(ScalingPolicyReads.namespaceCheaper(1_000, 4_000, 1, 20));
        // ... but not at 30 ms a page (12 s), nor 80 ms (32 s): one read a service, 8 at a time, ends sooner.
        assertFalse(ScalingPolicyReads.namespaceCheaper(1_000, 4_000, 1, 30));
        assertFalse(ScalingPolicyReads.namespaceCheaper(1_000, 4_000, 1, 80));
        // 500 services at 30 ms: 200 pages, 6 s.
        assertTrue(ScalingPolicyReads.namespaceCheaper(500, 2_000, 1, 30));
        // A namespace known to hold more pages than the check has services.
        assertFalse(ScalingPolicyReads.namespaceCheaper(500, 2_000, 501, 1));
    }
}
