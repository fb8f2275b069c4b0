using System.ComponentModel.DataAnnotations;
using LifeTimeCircle.Domain.Vehicles;

namespace LifeTimeCircle.Pages.Fahrzeuge;

/// <summary>What the vehicle forms post (create and edit).</summary>
public sealed class VehicleInput
{
    [StringLength(40, ErrorMessage = "Die FIN ist zu lang.")]
    public string? Vin { get; set; }

    [Required(ErrorMessage = "Bitte geben Sie die Marke an.")]
    [StringLength(60, ErrorMessage = "Die Marke darf höchstens 60 Zeichen lang sein.")]
    public string Make { get; set; } = "";

    [Required(ErrorMessage = "Bitte geben Sie das Modell an.")]
    [StringLength(60, ErrorMessage = "Das Modell darf höchstens 60 Zeichen lang sein.")]
    public string Model { get; set; } = "";

    [Range(1885, 9999, ErrorMessage = "Das Baujahr muss zwischen 1885 und dem nächsten Kalenderjahr liegen.")]
    public int? BuildYear { get; set; }

    public VehicleClass Class { get; set; } = VehicleClass.Alltag;

    public EngineType? Engine { get; set; }

    public DriveLayout? Drive { get; set; }

    [StringLength(60, ErrorMessage = "Höchstens 60 Zeichen.")]
    public string? EngineNote { get; set; }

    [StringLength(60, ErrorMessage = "Höchstens 60 Zeichen.")]
    public string? Nickname { get; set; }

    public AccidentStatus AccidentStatus { get; set; } = AccidentStatus.Unbekannt;

    public bool HasPhysicalServiceBook { get; set; }

    public VehicleCollection? Collection { get; set; }

    public VehicleDetails ToDetails() =>
        new(Make, Model, BuildYear, Class, Engine, Drive, EngineNote, Nickname, AccidentStatus, HasPhysicalServiceBook, Collection);

    public static VehicleInput From(Vehicle v) => new()
    {
        Make = v.Make, Model = v.Model, BuildYear = v.BuildYear, Class = v.Class, Engine = v.Engine, Drive = v.Drive, EngineNote = v.EngineNote, Nickname = v.Nickname,
        AccidentStatus = v.AccidentStatus, HasPhysicalServiceBook = v.HasPhysicalServiceBook,
        Collection = v.Collection,
    };
}
