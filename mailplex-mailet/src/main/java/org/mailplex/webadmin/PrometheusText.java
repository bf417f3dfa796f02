/****************************************************************
 * Licensed to the Apache Software Foundation (ASF) under one   *
 * or more contributor license agreements.  See the NOTICE file *
 * distributed with this work for additional information        *
 * regarding copyright ownership.  The ASF licenses this file   *
 * to you under the Apache License, Version 2.0 (the            *
 * "License"); you may not use this file except in compliance   *
 * with the License.  You may obtain a copy of the License at   *
 *                                                              *
 *   http://www.apache.org/licenses/LICENSE-2.0                 *
 *                                                              *
 * Unless required by applicable law or agreed to in writing,   *
 * software distributed under the License is distributed on an  *
 * "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY       *
 * KIND, either express or implied.  See the License for the    *
 * specific language governing permissions and limitations      *
 * under the License.                                           *
 ****************************************************************/

package org.mailplex.webadmin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prometheus's text exposition format (version 0.0.4), one family after the other: its HELP and
 * TYPE lines, then its samples. Label values are escaped as the format says; a family without
 * samples still shows its HELP and TYPE, so that an alert written against it finds it.
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder();

    PrometheusText family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} alternate names and values. */
    PrometheusText sample(String name, double value, String... labels) {
        text.append(name);
        if (labels.length > 0) {
            List<String> pairs = new ArrayList<>();
            for (int index = 0; index + 1 < labels.length; index += 2) {
                pairs.add(labels[index] + "=\"" + escape(labels[index + 1]) + "\"");
            }
            text.append('{').append(String.join(",", pairs)).append('}');
        }
        text.append(' ').append(number(value)).append('\n');
        return this;
    }

    /** One sample per entry of {@code values}, labelled by {@code label}, after the fixed {@code labels}. */
    PrometheusText samples(String name, String label, Map<String, ? extends Number> values, String... labels) {
        values.forEach((key, value) -> {
            String[] all = new String[labels.length + 2];
            System.arraycopy(labels, 0, all, 0, labels.length);
            all[labels.length] = label;
            all[labels.length + 1] = key;
            sample(name, value.doubleValue(), all);
        });
        return this;
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
