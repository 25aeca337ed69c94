package dev.ecsdeployer.harness;

import dev.ecsdeployer.aws.AwsClientFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Creates on moto what an ECS Fargate service needs around it: a VPC with two public subnets (routed
 * to an internet gateway) and two private ones in two AZs, a security group, a cluster, an ECR
 * repository holding one image, an execution role and a task role trusting ecs-tasks, and where
 * asked an ALB with an ip-type target group. All clients come from the production factory.
 */
public final class MotoBaseline {

    public static final String ECS_TASKS_TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    static final String EXECUTION_POLICY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken",            "ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage",            "logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}""";

    private MotoBaseline() {
    }

    /** Everything but a load balancer, names prefixed with {@code name}. */
    public static Baseline create(AwsClientFactory factory, String name) {
        return create(factory, name, Optional.empty());
    }

    /** Everything, with an ALB whose target group sends traffic to {@code containerPort}. */
    public static Baseline createWithLoadBalancer(AwsClientFactory factory, String name, int containerPort) {
        return create(factory, name, Optional.of(containerPort));
    }

    /**
     * A cluster and an ECR repository holding one image, named after {@code name}, around the network
     * and roles of {@code shared}: the cheap part of a baseline (three calls), for a test that uses its
     * own names beside a baseline built once for its class (the VPC, subnets, routes, security group and
     * roles are most of the calls). Without a load balancer.
     */
    public static Baseline alongside(AwsClientFactory factory, Baseline shared, String name) {
        try (EcsClient ecs = factory.ecs(); EcrClient ecr = factory.ecr()) {
            Cluster cluster = ecs.createCluster(r -> r.clusterName(name + "-cluster")).cluster();
            Repository repository = ecr.createRepository(r -> r.repositoryName(name)).repository();
            String manifest = imageManifest(name);
            String digest = sha256(manifest);
            ecr.putImage(r -> r.repositoryName(name).imageManifest(manifest).imageTag("v1").imageDigest(digest));
            return new Baseline(shared.vpcId(), shared.publicSubnetIds(), shared.privateSubnetIds(),
                    shared.securityGroupId(), cluster.clusterName(), cluster.clusterArn(),
                    repository.repositoryName(), repository.repositoryUri(), "v1", digest,
                    repository.repositoryUri() + "@" + digest, shared.executionRoleArn(), shared.taskRoleArn(),
                    Optional.empty());
        }
    }

    private static Baseline create(AwsClientFactory factory, String name, Optional<Integer> lbPort) {
        try (Ec2Client ec2 = factory.build(Ec2Client.builder());
                IamClient iam = factory.build(IamClient.builder());
                EcsClient ecs = factory.ecs();
                EcrClient ecr = factory.ecr()) {
            String vpcId = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            List<String> publicSubnets = List.of(
                    subnet(ec2, vpcId, "10.0.0.0/24", "us-east-1a"),
                    subnet(ec2, vpcId, "10.0.1.0/24", "us-east-1b"));
            List<String> privateSubnets = List.of(
                    subnet(ec2, vpcId, "10.0.10.0/24", "us-east-1a"),
                    subnet(ec2, vpcId, "10.0.11.0/24", "us-east-1b"));
            routeToInternet(ec2, vpcId, publicSubnets);
            String securityGroupId = ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName(name + "-sg")
                    .description("ecs-deployer test service " + name)).groupId();

            Cluster cluster = ecs.createCluster(r -> r.clusterName(name + "-cluster")).cluster();

            Repository repository = ecr.createRepository(r -> r.repositoryName(name)).repository();
            String manifest = imageManifest(name);
            String digest = sha256(manifest);
            // moto derives digests from layer digests, not the manifest; pass the real one (as AWS computes it).
            ecr.putImage(r -> r.repositoryName(name).imageManifest(manifest).imageTag("v1").imageDigest(digest));

            String executionRoleArn = iam.createRole(r -> r.roleName(name + "-execution")
                    .assumeRolePolicyDocument(ECS_TASKS_TRUST)).role().arn();
            // moto does not load AWS managed policies by default, so the execution permissions are inline.
            iam.putRolePolicy(r -> r.roleName(name + "-execution").policyName("ecs-task-execution")
                    .policyDocument(EXECUTION_POLICY));
            // Granted to every service (tag ecs-deployer:services=*): the baseline is shared by a test's services.
            String taskRoleArn = iam.createRole(r -> r.roleName(name + "-task")
                    .assumeRolePolicyDocument(ECS_TASKS_TRUST)
                    .tags(software.amazon.awssdk.services.iam.model.Tag.builder().key("ecs-deployer:services").value("*")
                            .build())).role().arn();

            Optional<Baseline.LoadBalancer> loadBalancer = lbPort.map(port ->
                    loadBalancer(factory, name, vpcId, publicSubnets, securityGroupId, port));

            return new Baseline(vpcId, publicSubnets, privateSubnets, securityGroupId,
                    cluster.clusterName(), cluster.clusterArn(),
                    repository.repositoryName(), repository.repositoryUri(), "v1", digest,
                    repository.repositoryUri() + "@" + digest, executionRoleArn, taskRoleArn, loadBalancer);
        }
    }

    private static String subnet(Ec2Client ec2, String vpcId, String cidr, String az) {
        Subnet subnet = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(cidr).availabilityZone(az)).subnet();
        return subnet.subnetId();
    }

    private static void routeToInternet(Ec2Client ec2, String vpcId, List<String> subnets) {
        String igw = ec2.createInternetGateway(r -> { }).internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.vpcId(vpcId).internetGatewayId(igw));
        String routeTable = ec2.createRouteTable(r -> r.vpcId(vpcId)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(routeTable).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        subnets.forEach(s -> ec2.associateRouteTable(r -> r.routeTableId(routeTable).subnetId(s)));
    }

    private static Baseline.LoadBalancer loadBalancer(AwsClientFactory factory, String name, String vpcId,
            List<String> subnets, String securityGroupId, int port) {
        try (ElasticLoadBalancingV2Client elb = factory.build(ElasticLoadBalancingV2Client.builder())) {
            String lbArn = elb.createLoadBalancer(r -> r.name(name + "-alb").type(LoadBalancerTypeEnum.APPLICATION)
                    .scheme(LoadBalancerSchemeEnum.INTERNET_FACING).subnets(subnets).securityGroups(securityGroupId))
                    .loadBalancers().get(0).loadBalancerArn();
            String tgArn = elb.createTargetGroup(r -> r.name(name + "-tg").targetType(TargetTypeEnum.IP)
                    .protocol(ProtocolEnum.HTTP).port(port).vpcId(vpcId).healthCheckPath("/health"))
                    .targetGroups().get(0).targetGroupArn();
            String listenerArn = elb.createListener(r -> r.loadBalancerArn(lbArn).protocol(ProtocolEnum.HTTP).port(80)
                    .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tgArn)))
                    .listeners().get(0).listenerArn();
            return new Baseline.LoadBalancer(lbArn, listenerArn, tgArn, port);
        }
    }

    /** A minimal Docker v2 schema 2 manifest, unique per repository. */
    static String imageManifest(String name) {
        String layer = sha256("layer-" + name);
        String config = sha256("config-" + name);
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":1024,"
                + "\"digest\":\"" + config + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":2048,\"digest\":\"" + layer + "\"}]}";
    }

    static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
