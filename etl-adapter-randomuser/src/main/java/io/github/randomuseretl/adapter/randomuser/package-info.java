/**
 * The randomuser.me adapter: {@link io.github.randomuseretl.adapter.randomuser.RandomUserHttpSource}
 * fetches a slot's users over HTTP (JDK {@code HttpClient}, streaming Jackson, retries with backoff
 * inside the run's deadline, a cap on response bytes) and hands each record on as soon as it is read;
 * {@link io.github.randomuseretl.adapter.randomuser.JsonSchemaUserValidator} checks each record
 * against the JSON Schema contract of its API version and maps it to the core user, keeping
 * credentials inside the adapter. Both read their settings from
 * {@link io.github.randomuseretl.adapter.randomuser.RandomUserSettings}. No framework and no other
 * adapter is used here.
 */
package io.github.randomuseretl.adapter.randomuser;
