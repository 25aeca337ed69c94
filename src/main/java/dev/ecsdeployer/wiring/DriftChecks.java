package dev.ecsdeployer.wiring;

import dev.ecsdeployer.config.AccountConfig;
import dev.ecsdeployer.drift.DriftCheck;

/** The drift check for an environment's account (null: the function's own). */
@FunctionalInterface
interface DriftChecks {
    DriftCheck of(AccountConfig account);
}
