/**
 * The REST contract between the services, and the public {@code /api} bodies the gateway answers
 * with: every request and answer body as one record, shared by the service that answers and the
 * gateway that calls it (docs/INTERNAL-API.md, docs/PROTOCOL.md §8). Fields are checked where a
 * body enters a service, not in these records.
 */
package dev.roomcast.protocol.api;
