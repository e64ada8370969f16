-- +goose Up
INSERT INTO taxonomy_terms (taxonomy, slug, position, label, description) VALUES
('theme', 'community-integration', 1, 'Community integration and belonging', 'Bringing neighbours together so that nobody grows up feeling they do not belong.'),
('theme', 'education', 2, 'Education and school support', 'Lessons, tutoring and school programmes that build critical thinking and keep pupils in school.'),
('theme', 'youth-mentoring', 3, 'Youth work and mentoring', 'Youth clubs, sport and one-to-one mentors who give young people a trusted adult.'),
('theme', 'anti-discrimination', 4, 'Anti-bullying and anti-discrimination', 'Work against bullying, racism, antisemitism, anti-Muslim hatred and other discrimination.'),
('theme', 'employment', 5, 'Employment and economic opportunity', 'Training, apprenticeships and job placement that open a future.'),
('theme', 'family-support', 6, 'Family support and counselling', 'Advice and counselling for parents and families worried about a relative.'),
('theme', 'interfaith-dialogue', 7, 'Interfaith and intercultural dialogue', 'Meetings and joint projects across faiths and cultures.'),
('theme', 'mental-health', 8, 'Mental health and psychosocial support', 'Therapy, trauma care and psychosocial support.'),
('theme', 'media-literacy', 9, 'Online safety, media literacy and alternative narratives', 'Recognising propaganda and disinformation online, and voices that answer it.'),
('theme', 'exit-work', 10, 'Exit and disengagement', 'Help for people who want to leave an extremist group or ideology.'),
('theme', 'prison-probation', 11, 'Prison, probation and reintegration', 'Work in prisons and on probation, and support after release.'),
('theme', 'practitioner-training', 12, 'Training for first-line practitioners', 'Courses for teachers, social workers, police and health staff on recognising and responding to radicalisation.'),
('theme', 'multi-agency', 13, 'Multi-agency and local prevention networks', 'Local partnerships that bring schools, services and police around one table.'),
('theme', 'helplines', 14, 'Helplines and advice centres', 'Confidential phone, chat and walk-in advice.'),
('theme', 'victim-support', 15, 'Support for victims and survivors', 'Care and advocacy for people harmed by extremist violence or hate crime.'),

('audience', 'young-people', 1, 'Young people', 'Teenagers and young adults.'),
('audience', 'children', 2, 'Children', 'Children of primary-school age and younger.'),
('audience', 'parents-families', 3, 'Parents and families', 'Parents, carers and relatives.'),
('audience', 'newcomers-refugees', 4, 'Newcomers and refugees', 'People who have recently arrived, including refugees and asylum seekers.'),
('audience', 'teachers-schools', 5, 'Teachers and schools', 'Teachers, school leaders and school staff.'),
('audience', 'social-youth-workers', 6, 'Social and youth workers', 'Social workers, youth workers and other first-line practitioners.'),
('audience', 'people-at-risk', 7, 'People at risk of radicalisation', 'People showing early signs of being drawn into extremism.'),
('audience', 'people-leaving-extremism', 8, 'People leaving extremism', 'People who want to leave, or have left, an extremist group.'),
('audience', 'prisoners-probation', 9, 'Prisoners and people on probation', 'People in prison, on probation or recently released.'),
('audience', 'returnees', 10, 'Returnees', 'People, including children, returning from conflict zones.'),
('audience', 'women-girls', 11, 'Women and girls', 'Programs designed for women and girls.'),
('audience', 'community-religious-leaders', 12, 'Community and religious leaders', 'Imams, priests, rabbis, elders and community organisers.'),
('audience', 'local-authorities', 13, 'Local authorities', 'Municipal staff, prevention coordinators and elected officials.'),
('audience', 'police', 14, 'Police', 'Police officers and community police.'),
('audience', 'general-public', 15, 'General public', 'Anyone who wants to learn or take part.'),

('level', 'primary', 1, 'Primary prevention (universal)', 'For everyone, before any sign of risk.'),
('level', 'secondary', 2, 'Secondary prevention (people at risk)', 'For people showing early signs of being drawn into extremism.'),
('level', 'tertiary', 3, 'Tertiary prevention (leaving extremism)', 'For people leaving extremism, and their reintegration.'),

('delivery', 'in-person', 1, 'In person', 'Meetings on site.'),
('delivery', 'online', 2, 'Online', 'By video, chat, phone or e-learning.'),
('delivery', 'hybrid', 3, 'In person and online', 'A mix of meetings on site and online.'),

('cost', 'free', 1, 'Free', 'No charge to participants.'),
('cost', 'low-cost', 2, 'Low cost', 'A small fee, often reduced or waived on request.'),
('cost', 'paid', 3, 'Paid', 'A fee is charged.');

-- +goose Down
DELETE FROM taxonomy_terms;
