/** {@code rebuild}: reloading slots from the raw archive instead of the source. */
package io.github.randomuseretl.runner.scheduler.rebuild;
