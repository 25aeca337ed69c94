package dev.ecsdeployer.wiring;

import dev.ecsdeployer.aws.AwsClients;
import dev.ecsdeployer.config.AccountConfig;
import dev.ecsdeployer.work.AccountEdges;
import dev.ecsdeployer.work.Accounts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each account's clients and edges, built once per Lambda instance: the function's own, and one set per
 * account config (role and external id) an environment names, made with that role's credentials. Images
 * are read in their registry with the function's own credentials (a central registry is shared), so the
 * home clients' ECR stays in every account's edges.
 */
final class AccountScopes implements Accounts {

    private final AwsClients home;
    private final Function<AwsClients, AccountEdges> edgesOf;
    private final AccountEdges homeEdges;
    private final Map<AccountConfig, AwsClients> clients = new ConcurrentHashMap<>();
    private final Map<AccountConfig, AccountEdges> edges = new ConcurrentHashMap<>();

    AccountScopes(AwsClients home, Function<AwsClients, AccountEdges> edgesOf) {
        this.home = home;
        this.edgesOf = edgesOf;
        this.homeEdges = edgesOf.apply(home);
    }

    @Override
    public AccountEdges of(AccountConfig account) {
        return account == null ? homeEdges : edges.computeIfAbsent(account, a -> edgesOf.apply(clients(a)));
    }

    /** The clients of an environment's account: the function's own for null. */
    AwsClients clients(AccountConfig account) {
        return account == null ? home : clients.computeIfAbsent(account, a -> new AwsClients(
                home.factory().assuming(a.roleArn(), a.externalId(), "ecs-deployer")));
    }
}
