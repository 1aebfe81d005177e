/** {@code greentrain report} and the compression report page the evaluate stage leaves. */
package org.greentrain.jobs.report;
