-- The association's committees and partner cities as of its founding (sources: Inagi City mayor's
-- columns No.105 and No.148). ON CONFLICT keeps this safe to re-run and never overwrites an admin's edits.

INSERT INTO committees (slug, name_ja, name_en, summary_ja, summary_en, description_ja, description_en, sort_order)
VALUES
  ('domestic', '国内交流委員会', 'Domestic Exchange Committee',
   '大空町・相馬市・野沢温泉村との交流を担当します。',
   'Exchanges with Ozora, Soma and Nozawaonsen.',
   '国内の交流都市への訪問ツアーや交流事業を企画し、各市町村からの訪問団をお迎えします。',
   'Plans trips and visits to our partner cities in Japan and hosts the delegations they send to Inagi.',
   1),
  ('international', '国際交流委員会', 'International Exchange Committee',
   'アメリカ・カリフォルニア州のフォスターシティとの交流を担当します。',
   'Exchanges with Foster City, California.',
   '訪問団の派遣と受け入れ、ホームステイ、学生交流、オンライン交流会などを企画します。',
   'Organises delegations in both directions, homestays, student exchanges and online meetings.',
   2),
  ('regional', '地域交流委員会', 'Regional Exchange Committee',
   '稲城市内での交流イベントを担当します。',
   'Exchange events inside Inagi.',
   '市内のお祭りへの参加、交流都市の物産展、地域のボランティア活動などを通じて、市民の皆さんと交流都市をつなぎます。',
   'Connects Inagi residents with our partner cities through festivals, partner-city product fairs and local volunteer work.',
   3)
ON CONFLICT (slug) DO NOTHING;

INSERT INTO partner_cities (slug, name_ja, name_en, name_reading, kind, status, agreed_on, agreed_on_precision,
                            region_ja, region_en, country_ja, country_en, summary_ja, summary_en,
                            description_ja, description_en, sort_order)
VALUES
  ('ozora', '大空町', 'Ozora Town', 'おおぞらちょう', 'sister', 'concluded', '1991-11-01', 'month',
   '北海道', 'Hokkaido', '日本', 'Japan',
   '稲城市で最も古い姉妹都市です。',
   'Inagi''s oldest sister city.',
   '1991年11月、稲城市は北海道の女満別町と姉妹都市提携を結びました。女満別町は、その後合併により大空町となりました。',
   'In November 1991 Inagi concluded a sister city relationship with Memanbetsu Town in Hokkaido, which later became part of Ozora Town.',
   1),
  ('soma', '相馬市', 'Soma City', 'そうまし', 'friendship', 'concluded', '2015-08-01', 'month',
   '福島県', 'Fukushima Prefecture', '日本', 'Japan',
   '2015年8月に友好都市となりました。',
   'A friendship city since August 2015.',
   '2015年、「稲城市友好都市提携検討市民会議」が相馬市と野沢温泉村を訪れ、その提言を受けて、同年8月に友好都市提携を結びました。',
   'In 2015 a citizens'' conference on friendship city ties visited Soma and Nozawaonsen; following its proposal, Inagi and Soma signed a friendship city agreement in August of that year.',
   2),
  ('nozawaonsen', '野沢温泉村', 'Nozawaonsen Village', 'のざわおんせんむら', 'friendship', 'concluded', '2015-11-01', 'month',
   '長野県', 'Nagano Prefecture', '日本', 'Japan',
   '2015年11月に友好都市となりました。',
   'A friendship city since November 2015.',
   '2015年、「稲城市友好都市提携検討市民会議」が相馬市と野沢温泉村を訪れ、その提言を受けて、同年11月に友好都市提携を結びました。',
   'In 2015 a citizens'' conference on friendship city ties visited Soma and Nozawaonsen; following its proposal, Inagi and Nozawaonsen signed a friendship city agreement in November of that year.',
   3),
  ('foster-city', 'フォスターシティ', 'Foster City', 'ふぉすたーしてぃ', 'sister', 'in_preparation', NULL, 'day',
   'カリフォルニア州', 'California', 'アメリカ合衆国', 'United States',
   '姉妹都市提携の準備を進めています。',
   'A sister city relationship in preparation.',
   '2020年の時点で、翌年の姉妹都市提携に向けて準備を進めていました。提携が結ばれたら、事務局がこの記録を更新します。',
   'As of 2020, Inagi was preparing to conclude a sister city relationship with Foster City the following year. The secretariat updates this record once the agreement is concluded.',
   4)
ON CONFLICT (slug) DO NOTHING;
