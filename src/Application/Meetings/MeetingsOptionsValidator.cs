using Microsoft.Extensions.Options;

namespace ZeegWebex.Application.Meetings;

[OptionsValidator]
public sealed partial class MeetingsOptionsValidator : IValidateOptions<MeetingsOptions>;
