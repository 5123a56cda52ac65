package dev.sluice.events;

import java.util.List;

/** The outcome of reading one record: an event, or every reason it could not be read. */
public sealed interface Decoded {

    record Event(Envelope envelope, EventType type, SluiceEvent data) implements Decoded {
    }

    record Rejected(List<String> problems) implements Decoded {
        public Rejected {
            problems = List.copyOf(problems);
        }

        /** All problems in one line, for a dead-letter header or a log line. */
        public String reason() {
            return String.join("; ", problems);
        }
    }
}
