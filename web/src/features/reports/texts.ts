/** Texts of this feature, English and Russian side by side (i18next namespace). */
export const texts = {
  en: {
    title: "Reports",
    questions: {
      grades: "How are leads graded, by source and campaign?",
      conversion: "Does each grade convert as intended?",
    },
    filters: {
      label: "Report filters",
      from: "From",
      to: "To",
      version: "Definition version",
      allVersions: "All versions",
      source: "Source",
      allSources: "All sources",
      campaign: "Campaign",
      allCampaigns: "All campaigns",
      reset: "Clear filters",
      versionNote:
        "Version: leads graded under that version now (their grade at hand-off may come from an earlier one).",
    },
    grades: {
      by: "Group by",
      bySource: "By source",
      byCampaign: "By campaign",
      source: "Source",
      campaign: "Campaign",
      total: "Total",
      noSource: "(no source)",
      noCampaign: "(no campaign)",
      empty: "No leads match these filters.",
      verdict_one:
        "{{total}} lead; the largest group is {{key}} ({{share}}); {{gradeShare}} of all leads are {{grade}}.",
      verdict_other:
        "{{total}} leads; the largest group is {{key}} ({{share}}); {{gradeShare}} of all leads are {{grade}}.",
    },
    conversion: {
      chartLabel: "Win rate per grade at hand-off, with 95 % intervals.",
      emptyTitle: "No outcomes recorded yet",
      empty:
        "Won and lost are recorded on the lead page. Once sales close a few handed-off leads, this report fills in.",
      emptyHandedOff_one:
        "{{n}} lead was handed off but none has an outcome yet: won and lost are recorded on the lead page.",
      emptyHandedOff_other:
        "{{n}} leads were handed off but none has an outcome yet: won and lost are recorded on the lead page.",
      verdict: {
        tooFew:
          "Too few outcomes to tell: each grade needs at least {{min}} won or lost leads before grades are compared.",
        ordered:
          "{{higher}} converts at {{higherRate}} (95 % CI {{higherCi}}), above {{lower}} at {{lowerRate}}: the grades are ordered.",
        inverted:
          "{{lower}} converts at {{lowerRate}} (95 % CI {{lowerCi}}), clearly above {{higher}} at {{higherRate}} ({{higherCi}}): the grades are out of order — the definition deserves a look.",
        unclear:
          "{{lower}} converts at {{lowerRate}}, {{higher}} at {{higherRate}}, but their intervals overlap ({{lowerCi}} and {{higherCi}}): too few outcomes to tell whether the order holds.",
      },
      grade: "Grade at hand-off",
      handedOff: "Handed off",
      won: "Won",
      lost: "Lost",
      open: "No outcome",
      winRate: "Win rate",
      interval: "95 % interval",
      wonAmount: "Won amount",
      daysToWon: "Days to win",
      daysToLost: "Days to loss",
      days_one: "{{n}} day",
      days_other: "{{n}} days",
      how: "How is this counted?",
      howTip:
        "Each hand-off counts for the grade it was handed off with; a win or loss closes the latest hand-off before it. Win rate = won ÷ (won + lost). The interval is Wilson's, at 95 %: with few outcomes it is wide.",
    },
  },
  ru: {
    title: "Отчёты",
    questions: {
      grades: "Как распределяются классы лидов по источникам и кампаниям?",
      conversion: "Конвертирует ли каждый класс так, как задумано?",
    },
    filters: {
      label: "Фильтры отчётов",
      from: "С",
      to: "По",
      version: "Версия определения",
      allVersions: "Все версии",
      source: "Источник",
      allSources: "Все источники",
      campaign: "Кампания",
      allCampaigns: "Все кампании",
      reset: "Сбросить фильтры",
      versionNote:
        "Версия: лиды, которые сейчас оценены по этой версии (класс при передаче мог быть дан более ранней).",
    },
    grades: {
      by: "Группировать",
      bySource: "По источникам",
      byCampaign: "По кампаниям",
      source: "Источник",
      campaign: "Кампания",
      total: "Всего",
      noSource: "(без источника)",
      noCampaign: "(без кампании)",
      empty: "Под эти фильтры не подходит ни один лид.",
      verdict_one:
        "{{total}} лид; больше всего — {{key}} ({{share}}); класс «{{grade}}» у {{gradeShare}} всех лидов.",
      verdict_few:
        "{{total}} лида; больше всего — {{key}} ({{share}}); класс «{{grade}}» у {{gradeShare}} всех лидов.",
      verdict_many:
        "{{total}} лидов; больше всего — {{key}} ({{share}}); класс «{{grade}}» у {{gradeShare}} всех лидов.",
      verdict_other:
        "{{total}} лида; больше всего — {{key}} ({{share}}); класс «{{grade}}» у {{gradeShare}} всех лидов.",
    },
    conversion: {
      chartLabel: "Доля выигранных по классу при передаче, с 95-процентными интервалами.",
      emptyTitle: "Исходов пока нет",
      empty:
        "Выигрыш и проигрыш отмечаются на странице лида. Когда продажи закроют несколько переданных лидов, отчёт заполнится.",
      emptyHandedOff_one:
        "{{n}} лид передан, но исхода пока нет: выигрыш и проигрыш отмечаются на странице лида.",
      emptyHandedOff_few:
        "{{n}} лида переданы, но исходов пока нет: выигрыш и проигрыш отмечаются на странице лида.",
      emptyHandedOff_many:
        "{{n}} лидов переданы, но исходов пока нет: выигрыш и проигрыш отмечаются на странице лида.",
      emptyHandedOff_other:
        "{{n}} лида переданы, но исходов пока нет: выигрыш и проигрыш отмечаются на странице лида.",
      verdict: {
        tooFew:
          "Исходов слишком мало, чтобы судить: для сравнения у каждого класса нужно хотя бы {{min}} выигранных или проигранных лидов.",
        ordered:
          "«{{higher}}» выигрывается в {{higherRate}} случаев (95 % ДИ {{higherCi}}), чаще, чем «{{lower}}» ({{lowerRate}}): классы упорядочены.",
        inverted:
          "«{{lower}}» выигрывается в {{lowerRate}} случаев (95 % ДИ {{lowerCi}}), заметно чаще, чем «{{higher}}» ({{higherRate}}, {{higherCi}}): порядок классов нарушен — определение стоит пересмотреть.",
        unclear:
          "«{{lower}}» выигрывается в {{lowerRate}} случаев, «{{higher}}» — в {{higherRate}}, но интервалы пересекаются ({{lowerCi}} и {{higherCi}}): исходов слишком мало, чтобы судить о порядке.",
      },
      grade: "Класс при передаче",
      handedOff: "Передано",
      won: "Выиграно",
      lost: "Проиграно",
      open: "Без исхода",
      winRate: "Доля выигранных",
      interval: "95 % интервал",
      wonAmount: "Сумма выигранных",
      daysToWon: "Дней до выигрыша",
      daysToLost: "Дней до проигрыша",
      days_one: "{{n}} день",
      days_few: "{{n}} дня",
      days_many: "{{n}} дней",
      days_other: "{{n}} дня",
      how: "Как это считается?",
      howTip:
        "Каждая передача считается за класс, с которым лида передали; выигрыш или проигрыш закрывает последнюю передачу перед ним. Доля выигранных = выиграно ÷ (выиграно + проиграно). Интервал — Уилсона, 95 %: при малом числе исходов он широкий.",
    },
  },
} as const;
