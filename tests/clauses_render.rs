//! Clause bodies render to the exact text a lawyer expects, in each language,
//! with parameter values written the way that language writes them.

use std::path::Path;

use chrono::NaiveDate;
use clausier::clauses::{AssembleOptions, Lang, Library, RateBook, assemble, parse_selection};
use clausier::error::UserError;
use clausier::latefee::rates::RateTable;
use rust_decimal::Decimal;

struct NoRates;

impl RateBook for NoRates {
    fn statutory_rate_b2b(&self, _on: NaiveDate) -> Result<(Decimal, Option<String>), UserError> {
        Err(UserError::new("no rate in this test"))
    }
}

const SELECTION: &str = "audience: b2b
provider:
  name: Studio Clairière SRL
  address: Rue de l'Étuve 52, 1000 Bruxelles
  enterprise_number: 0765.432.146
  email: hello@studio.example
clauses:
  - id: late-payment-b2b
    params:
      rate: 12.5
      flat_compensation: 40
      suspension_days: 10
";

fn render(lang: Lang, rates: &dyn RateBook, date: Option<NaiveDate>) -> String {
    let lib = Library::builtin().unwrap();
    let sel = parse_selection(Path::new("terms.yaml"), SELECTION).unwrap();
    let opts = AssembleOptions {
        target: None,
        lang,
        date,
        provider: None,
        rates,
    };
    let terms = assemble(&lib, &sel, &opts).unwrap();
    terms.to_markdown()
}

#[test]
fn b2b_late_payment_clause_in_french() {
    assert_eq!(
        render(Lang::Fr, &NoRates, None),
        "# Conditions générales

*Studio Clairière SRL – applicables aux contrats conclus avec des professionnels*

Studio Clairière SRL, Rue de l'Étuve 52, 1000 Bruxelles – BCE 0765.432.146 – e-mail hello@studio.example

## Article 1 – Retard de paiement

**1.1.** Toute somme impayée à son échéance porte de plein droit et sans mise en demeure préalable des intérêts de retard au taux prévu à l'article 5 de la loi du 2 août 2002 concernant la lutte contre le retard de paiement dans les transactions commerciales, soit 12,5 % l'an, jusqu'au paiement complet.

**1.2.** Le Client est en outre redevable, de plein droit et sans mise en demeure, d'une indemnité forfaitaire de 40 EUR par facture impayée pour les frais de recouvrement, conformément à l'article 6 de la même loi. Le Prestataire peut réclamer une indemnisation raisonnable des frais de recouvrement justifiés qui dépassent ce montant.

**1.3.** Lorsqu'une mise en demeure reste sans effet pendant 10 jours calendrier, le Prestataire peut suspendre l'exécution de ses services jusqu'au paiement complet, après en avoir averti le Client par écrit. Les délais convenus sont prolongés de la durée de la suspension.
"
    );
}

#[test]
fn b2b_late_payment_clause_in_dutch() {
    assert_eq!(
        render(Lang::Nl, &NoRates, None),
        "# Algemene voorwaarden

*Studio Clairière SRL – van toepassing op overeenkomsten met ondernemingen*

Studio Clairière SRL, Rue de l'Étuve 52, 1000 Bruxelles – KBO 0765.432.146 – e-mail hello@studio.example

## Artikel 1 – Laattijdige betaling

**1.1.** Elk bedrag dat op de vervaldag niet betaald is, brengt van rechtswege en zonder voorafgaande ingebrekestelling nalatigheidsinteresten op tegen de rentevoet bepaald in artikel 5 van de wet van 2 augustus 2002 betreffende de bestrijding van de betalingsachterstand bij handelstransacties, namelijk 12,5 % per jaar, tot de volledige betaling.

**1.2.** De Klant is bovendien van rechtswege en zonder ingebrekestelling een forfaitaire vergoeding van 40 EUR per onbetaalde factuur verschuldigd voor de invorderingskosten, overeenkomstig artikel 6 van dezelfde wet. De Dienstverlener kan een redelijke schadeloosstelling vorderen voor bewezen invorderingskosten die dit bedrag overschrijden.

**1.3.** Wanneer een ingebrekestelling gedurende 10 kalenderdagen zonder gevolg blijft, kan de Dienstverlener de uitvoering van zijn diensten opschorten, nadat hij de Klant daarvan schriftelijk op de hoogte heeft gebracht. De opschorting duurt tot de volledige betaling; de overeengekomen termijnen worden verlengd met haar duur.
"
    );
}

#[test]
fn b2b_late_payment_clause_in_english() {
    assert_eq!(
        render(Lang::En, &NoRates, None),
        "# General terms and conditions

*Studio Clairière SRL – applicable to contracts with business customers*

Studio Clairière SRL, Rue de l'Étuve 52, 1000 Bruxelles – Enterprise no. 0765.432.146 – e-mail hello@studio.example

## Article 1 – Late payment

**1.1.** Any amount unpaid on its due date bears, by operation of law and without prior formal notice, late-payment interest at the rate set by article 5 of the Law of 2 August 2002 on combating late payment in commercial transactions, that is 12.5% a year, until paid in full.

**1.2.** The Client also owes, by operation of law and without formal notice, a flat compensation of 40 EUR per unpaid invoice for recovery costs, in accordance with article 6 of the same Law. The Provider may claim reasonable compensation for proven recovery costs exceeding that amount.

**1.3.** If a formal notice remains without effect for 10 calendar days, the Provider may suspend performance of its services until payment in full, after informing the Client in writing. Agreed time limits are extended by the length of the suspension.
"
    );
}

#[test]
fn the_default_rate_is_the_statutory_rate_of_the_terms_half_year() {
    let lib = Library::builtin().unwrap();
    let sel = parse_selection(
        Path::new("terms.yaml"),
        &SELECTION.replace("      rate: 12.5\n", ""),
    )
    .unwrap();
    for (date, expected) in [("2024-03-01", "12,5 % l'an"), ("2025-09-30", "10,5 % l'an")] {
        let opts = AssembleOptions {
            target: None,
            lang: Lang::Fr,
            date: Some(date.parse().unwrap()),
            provider: None,
            rates: RateTable::embedded(),
        };
        let md = assemble(&lib, &sel, &opts).unwrap().to_markdown();
        assert!(
            md.contains(&format!("soit {expected}, jusqu'au")),
            "{date}: {md}"
        );
    }
}

#[test]
fn a_rate_taken_from_a_provisional_half_year_comes_with_a_warning() {
    let lib = Library::builtin().unwrap();
    let sel = parse_selection(
        Path::new("terms.yaml"),
        &SELECTION.replace("      rate: 12.5\n", ""),
    )
    .unwrap();
    let opts = AssembleOptions {
        target: None,
        lang: Lang::En,
        date: Some("2026-11-25".parse().unwrap()),
        provider: None,
        rates: RateTable::embedded(),
    };
    let terms = assemble(&lib, &sel, &opts).unwrap();
    assert_eq!(terms.warnings.len(), 1);
    assert!(
        terms.warnings[0]
            .starts_with("late-payment-b2b: the 2026-H2 B2B rate 10.5% is provisional"),
        "{:?}",
        terms.warnings
    );
}

#[test]
fn consumer_lump_sums_follow_book_xix_in_each_language() {
    let lib = Library::builtin().unwrap();
    let sel = parse_selection(
        Path::new("terms.yaml"),
        &SELECTION
            .replace("audience: b2b", "audience: b2c")
            .split("clauses:")
            .next()
            .map(|h| format!("{h}clauses:\n  - late-payment-b2c\n"))
            .unwrap(),
    )
    .unwrap();
    let expected = [
        (
            Lang::Fr,
            "d'une indemnité forfaitaire de 20 EUR si le solde dû est inférieur ou égal à 150 EUR ; de 30 EUR majorés de 10 % du montant dû sur la tranche comprise entre 150,01 EUR et 500 EUR, si le solde est compris entre ces montants ; de 65 EUR majorés de 5 % du montant dû sur la tranche supérieure à 500 EUR, avec un maximum de 2.000 EUR, si le solde dépasse 500 EUR.",
        ),
        (
            Lang::Nl,
            "een forfaitaire schadevergoeding van 20 EUR als het verschuldigde saldo kleiner is dan of gelijk is aan 150 EUR; van 30 EUR vermeerderd met 10 % van het verschuldigde bedrag op de schijf tussen 150,01 EUR en 500 EUR, als het saldo tussen deze bedragen ligt; van 65 EUR vermeerderd met 5 % van het verschuldigde bedrag op de schijf boven 500 EUR, met een maximum van 2.000 EUR, als het saldo meer dan 500 EUR bedraagt.",
        ),
        (
            Lang::En,
            "a lump-sum compensation of 20 EUR if the balance due is 150 EUR or less; of 30 EUR plus 10% of the amount due on the portion between 150.01 EUR and 500 EUR, if the balance lies between those amounts; of 65 EUR plus 5% of the amount due on the portion above 500 EUR, up to 2,000 EUR, if the balance exceeds 500 EUR.",
        ),
    ];
    for (lang, text) in expected {
        let opts = AssembleOptions {
            target: None,
            lang,
            date: None,
            provider: None,
            rates: &NoRates,
        };
        let md = assemble(&lib, &sel, &opts).unwrap().to_markdown();
        assert!(md.contains(&format!("- {text}\n")), "{lang}: {md}");
    }
}
