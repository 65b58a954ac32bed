/**
 * Abuse limits per user: how many selectors a user may check per hour and per day and how many searches per minute,
 * configurable per authority, counted in PostgreSQL so that the limits hold across hub nodes.
 */
@NullMarked
package de.verbund.access.quota;

import org.jspecify.annotations.NullMarked;
