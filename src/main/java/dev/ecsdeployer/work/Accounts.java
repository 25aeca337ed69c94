package dev.ecsdeployer.work;

import dev.ecsdeployer.config.AccountConfig;
import dev.ecsdeployer.config.ServiceConfig;

/**
 * The edges per account: the function's own credentials for an environment that names no account,
 * else the role its {@code _defaults} names, assumed (built on first use, kept for the instance's life).
 */
public interface Accounts {

    /** @param account the environment's account, or null for the function's own */
    AccountEdges of(AccountConfig account);

    default AccountEdges of(ServiceConfig config) {
        return of(config.account());
    }
}
