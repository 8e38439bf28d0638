package dev.roomcast.protocol;

/** Kafka topic names, built in one place. Dotted, domain first. */
public final class Topics {
    private Topics() {}

    /** Host audio frames from every gateway to relay-service; key = room id. */
    public static final String AUDIO_INGEST = "roomcast.audio.ingest";
    /** Chat messages from gateways to chat-service; key = room id. */
    public static final String CHAT_INGEST = "roomcast.chat.ingest";
    /** Server-to-client events for every gateway (room, chat, stats); key = room id. */
    public static final String ROOM_EVENTS = "roomcast.room.events";

    /** The room's checked audio (all tiers, one partition): written by relay-service, read by gateways. */
    public static String roomAudio(String roomId) {
        if (!RoomIds.isValid(roomId)) {
            throw new IllegalArgumentException("invalid room id");
        }
        return "room." + roomId + ".audio";
    }

    /** The room id of a {@link #roomAudio} topic, or null if the name is not one. */
    public static String roomOfAudioTopic(String topic) {
        if (topic == null || !topic.startsWith("room.") || !topic.endsWith(".audio")) {
            return null;
        }
        String id = topic.substring(5, topic.length() - 6);
        return RoomIds.isValid(id) ? id : null;
    }
}
