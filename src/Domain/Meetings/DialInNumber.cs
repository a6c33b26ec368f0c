namespace ZeegWebex.Domain.Meetings;

public sealed record DialInNumber(string Label, string Number, string TollType);
